/** The SMS channel: what other modules and the app may use. */
export { registerSmsRoutes } from './routes.ts';
export { handleInboundSms, DIALOGUE_TIMEOUT_MS, type InboundSms, type DialogueResult } from './dialogue.ts';
export { sendSms, PermanentSmsError, TemporarySmsError, type SmsSettings, type SentSms } from './provider.ts';
export { smsDelivery, renderSms, smsItemsForRequestChange, localeOfPhone, REQUEST_UPDATE_TEMPLATE, type RequestChange } from './delivery.ts';
export { twilioSignature, verifyTwilioSignature } from './signature.ts';
export { fitSms, smsEncoding, isGsm7, MAX_SEGMENTS } from './segments.ts';
export { twiml } from './twiml.ts';
