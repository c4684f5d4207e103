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
export { registerNotificationRoutes, type NotificationRouteOptions } from './routes.ts';
export { createEmailChannel, messageIdOf, type EmailChannel, type EmailSettings } from './email.ts';
export { registerEmailTemplate, statusWords, type EmailContent, type EmailLinks, type EmailTemplate } from './templates.ts';
export { receiveEmail, type InboundResult } from './inbound.ts';
export { startInboundSmtp } from './smtp-listener.ts';
export { answerSurvey, surveySummary, SURVEY_DAYS } from './service.ts';
export { NotificationDispatcher, type DispatcherOptions } from './dispatcher.ts';
