/** Emergency notices, area alerts and their feeds: what other modules and the app may use. */
export { registerAlertRoutes, type AlertRouteOptions } from './routes.ts';
export { cancelNotice, createNotice, currentNotices, getNotice, listNotices, publishNotice, recentNotices, updateNotice, NOTICE_TEMPLATE, type Notice, type NoticeChange, type FanOut } from './notices.ts';
export { confirmSmsSubscriptions, confirmSubscription, subscribe, unsubscribe, CONFIRM_TEMPLATE, NEW_REQUEST_TEMPLATE } from './subscriptions.ts';
export { renderAlertText, ALERT_TEMPLATES, type AlertText } from './render.ts';
export { alertJobHandlers, alertSchedules, matchNewRequests, AREA_ALERT_JOB } from './area-alerts.ts';
export { atomFeed, capDocument, capPolygon, capTime, CAP_NAMESPACE } from './feeds.ts';
