/** Notifications (issue 8): what other modules, the app and the worker may use. */
export {
  ChannelRegistry,
  DELIVER_JOB,
  PermanentDeliveryError,
  channels,
  enqueueNotifications,
  enqueueNotificationsFrom,
  isSuppressed,
  listDeadLetters,
  normalizeRecipient,
  notificationJobHandlers,
  outboxCounts,
  registerChannel,
  retryDeadLetter,
  suppressRecipient,
  unsuppressRecipient,
  type DeliverFn,
  type DeliveryResult,
  type NotificationChannel,
  type NotificationItem,
  type OutboxRow,
} from './outbox.ts';
export { notifyRequestChange, receivedNotificationCtes, requestScope, requesterLocale, type RequestChange } from './requests.ts';
