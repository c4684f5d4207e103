import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../lib/errors.ts';
import { handleInboundSms } from './dialogue.ts';
import type { SmsSettings } from './provider.ts';
import { verifyTwilioSignature } from './signature.ts';
import { twiml } from './twiml.ts';

const FORM = 'application/x-www-form-urlencoded';

/** Form fields as the provider sent them; a repeated name keeps every value, in order (they are all signed). */
function parseForm(body: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const [key, value] of new URLSearchParams(body)) {
    const prev = out[key];
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/**
 * `POST /sms/inbound`: the provider's webhook for a text received (Twilio's form fields From, To,
 * Body, MessageSid, …). The `X-Twilio-Signature` must be the HMAC-SHA1 of the URL the provider
 * called (`publicUrl` + path and query) and the sorted fields, keyed with the auth token: otherwise
 * 403 and nothing is stored. The answer is TwiML: the reply as a <Message>, or an empty <Response>.
 */
export async function registerSmsRoutes(app: FastifyInstance, deps: Deps, options: { sms: SmsSettings | null; publicUrl: string }): Promise<void> {
  await app.register(async (scope) => {
    if (scope.hasContentTypeParser(FORM)) scope.removeContentTypeParser(FORM);
    await scope.register(formbody, { parser: parseForm, bodyLimit: 65_536 });
    scope.post('/sms/inbound', { config: { csrf: false }, schema: { hide: true } }, async (request, reply) => {
      if (!options.sms) throw new AppError('sms_not_configured', 503, 'SMS is not set up: set FRONTDOOR_SMS_ACCOUNT_SID, FRONTDOOR_SMS_AUTH_TOKEN and FRONTDOOR_SMS_FROM');
      const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
      if (type !== FORM) throw new AppError('unsupported_media_type', 415, `Send the webhook as ${FORM}`, { field: 'content-type' });
      const params = (request.body ?? {}) as Record<string, string | string[]>;
      const signature = request.headers['x-twilio-signature'];
      const url = options.publicUrl + request.url;
      if (!verifyTwilioSignature(options.sms.authToken, url, params, typeof signature === 'string' ? signature : undefined)) {
        request.log.warn({ url }, 'SMS webhook with a missing or wrong signature refused');
        throw new AppError('invalid_signature', 403, 'The X-Twilio-Signature header is missing or does not match this request', { field: 'x-twilio-signature' });
      }
      const from = one(params.From)?.trim();
      if (!from) throw new AppError('validation_failed', 400, 'From is required: the number the text came from', { field: 'From' });
      const result = await handleInboundSms(deps, { from, to: one(params.To) ?? '', body: one(params.Body) ?? '', sid: one(params.MessageSid) ?? one(params.SmsSid) ?? null });
      return reply.type('text/xml; charset=utf-8').send(twiml(result.reply));
    });
  });
}
