/** Web chat between residents on the portal and agents in the console: what other modules and the app may use. */
export { registerChatRoutes, CHAT_COOKIE, issueChatToken, tokenHashOf, type ChatRouteOptions } from './routes.ts';
export { chatAvailability, leaveMessage, residentConversation, PRESENCE_WINDOW_MS, type Availability } from './service.ts';
export { defaultChatLimits, WindowLimit, type ChatLimits } from './limits.ts';
export { MAX_MESSAGE, MAX_LEFT_MESSAGE } from './schemas.ts';
