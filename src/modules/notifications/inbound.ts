import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type Attachment, type ParsedMail } from 'mailparser';
import type { Deps } from '../../deps.ts';
import { addNote } from '../requests/index.ts';
import { logContact, normalizeCustomerEmail } from '../contacts/index.ts';
import { deliveryKeyHash, normalizeRecipient, suppressRecipient } from './outbox.ts';
import type { OutboxRow } from './tables.ts';
import { outboxIdOf, signingKey } from './tokens.ts';

/**
 * Mail to the 311 address, from the SMTP listener or a provider's webhook, parsed with mailparser:
 *
 * - a **bounce** (a DSN, multipart/report; or from MAILER-DAEMON/postmaster) is stored and, when
 *   permanent, marks the bounced address so we stop writing to it;
 * - an **auto-reply** (Auto-Submitted, X-Autoreply, Precedence auto_reply/bulk/junk/list, vacation
 *   subjects) is stored and nothing else;
 * - a **reply** to one of our notifications — found by its reply address `…+r.<token>@…` or by
 *   In-Reply-To/References naming our Message-ID — becomes an INTERNAL note on the request (staff
 *   see it, flagged as the resident's e-mail reply; it is not published), quoted text stripped;
 * - anything else is a **new** message, kept for the contact log (issue 6 makes it a contact).
 *
 * Attachments are stored in the database (`inbound_attachments`), each up to 10 MB and 25 MB per
 * message; bigger ones are listed (name, type, size, SHA-256) but not kept. A message seen before
 * (same Message-ID: a webhook retried, a relay that delivered twice) is not stored twice.
 */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS_BYTES = 25 * 1024 * 1024;
/** The largest message we take (the SMTP listener announces it; the webhook refuses more). */
export const MAX_MESSAGE_BYTES = 40 * 1024 * 1024;

export type InboundKind = 'new' | 'reply' | 'auto_reply' | 'bounce';

export interface InboundResult {
  id: number;
  kind: InboundKind;
  requestId: number | null;
  /** True when this Message-ID had been received before: nothing new was stored. */
  duplicate: boolean;
  bouncedRecipient?: string | null;
}

const addresses = (a: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value.map((v) => v.address?.toLowerCase() ?? '')).filter(Boolean);

const header = (mail: ParsedMail, name: string): string => {
  const v = mail.headers.get(name);
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && 'value' in (v as object)) return String((v as { value: unknown }).value);
  return String(v);
};

const VACATION_SUBJECT =
  /^\s*(auto(matic)?[\s-]*(reply|response|antwort)|out of (the )?office|vacation|away from|abwesenheit|respuesta autom[aá]tica|fuera de la oficina|r[ée]ponse automatique|absence|tr[aả] l[oờ]i t[ựu] đ[ộo]ng|自動回覆|自动回复|автоответ|вне офиса)/i;

export function isAutoReply(mail: ParsedMail): boolean {
  const auto = header(mail, 'auto-submitted').trim().toLowerCase();
  if (auto && auto !== 'no') return true;
  if (mail.headers.has('x-autoreply') || mail.headers.has('x-autorespond') || mail.headers.has('x-autoresponder')) return true;
  const precedence = header(mail, 'precedence').trim().toLowerCase();
  if (['auto_reply', 'bulk', 'junk', 'list'].includes(precedence)) return true;
  if (header(mail, 'x-auto-response-suppress') && VACATION_SUBJECT.test(mail.subject ?? '')) return true;
  return VACATION_SUBJECT.test(mail.subject ?? '');
}

interface Bounce {
  recipient: string | null;
  permanent: boolean;
  /** The outbox row of the message that bounced, when the DSN quotes it. */
  outboxHint: string;
}

/** A delivery status notification (RFC 3464) or a classic MAILER-DAEMON bounce; null if it is not one. */
export function bounceOf(mail: ParsedMail): Bounce | null {
  const type = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  const isReport = type?.value?.toLowerCase() === 'multipart/report' && (type.params?.['report-type'] ?? '').toLowerCase() === 'delivery-status';
  const from = mail.from?.value[0]?.address?.toLowerCase() ?? '';
  const daemon = /^(mailer-daemon|postmaster)@/.test(from) || from === '' && /undeliver|delivery status|failure notice|returned mail/i.test(mail.subject ?? '');
  if (!isReport && !daemon) return null;
  const parts = mail.attachments.filter((a) => /^(message\/delivery-status|message\/global-delivery-status)$/i.test(a.contentType));
  const status = parts.map((p) => p.content.toString('utf8')).join('\n');
  const recipient =
    /^(?:final|original)-recipient:\s*rfc822;\s*<?([^\s>]+@[^\s>]+)>?/im.exec(status)?.[1]?.toLowerCase() ??
    /<([^\s>]+@[^\s>]+)>[:\s]/.exec(mail.text ?? '')?.[1]?.toLowerCase() ??
    null;
  const action = /^action:\s*(\S+)/im.exec(status)?.[1]?.toLowerCase();
  const code = /^status:\s*(\d)\.\d+\.\d+/im.exec(status)?.[1];
  const permanent = action ? action === 'failed' && code !== '4' : !/\b4\.\d\.\d\b|temporar/i.test(mail.text ?? '');
  const quoted = mail.attachments
    .filter((a) => /^(message\/rfc822|text\/rfc822-headers|message\/global)$/i.test(a.contentType))
    .map((a) => a.content.toString('utf8'))
    .join('\n');
  return { recipient, permanent, outboxHint: `${quoted}\n${mail.text ?? ''}` };
}

/** The text a reply adds: quoted lines, the "On … wrote:" line and everything after it, and signatures removed. */
export function stripQuoted(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  const CUT = [
    /^\s*On\b.{0,200}\bwrote:\s*$/i,
    /^\s*El\b.{0,200}\bescribi[oó]:\s*$/i,
    /^\s*Le\b.{0,200}\ba [ée]crit\s*:\s*$/i,
    /^\s*Am\b.{0,200}\bschrieb.{0,80}:\s*$/i,
    /^\s*Vào\b.{0,200}\bđã viết:\s*$/i,
    /^.{0,200}寫道[:：]\s*$/,
    /^.{0,200}написал[а]?:?\s*$/i,
    /^\s*-{2,}\s*(Original Message|Mensaje original|Message d'origine)\s*-{2,}\s*$/i,
    /^\s*_{10,}\s*$/,
    /^\s*From:\s.+$/i,
    /^\s*De:\s.+$/i,
    /^-- ?$/,
    /^\s*Sent from my \w+/i,
    /^\s*Enviado desde mi \w+/i,
  ];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    // "On Mon, … <x@y>" sometimes wraps onto the next line before "wrote:"
    const joined = `${line} ${lines[i + 1] ?? ''}`;
    if (CUT.some((re) => re.test(line)) || (/^\s*On\b/i.test(line) && /\bwrote:\s*$/i.test(joined) && !/wrote:/.test(line))) break;
    if (/^\s*>/.test(line)) continue;
    out.push(line);
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

const htmlToText = (h: string): string =>
  h
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<blockquote[\s\S]*?<\/blockquote>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h\d)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** The message's text: the plain part, or the HTML part turned into text (HTML-only mail). */
function bodyText(mail: ParsedMail, forReply: boolean): string {
  if (forReply && typeof mail.html === 'string' && !mail.text) return htmlToText(mail.html);
  if (mail.text) return mail.text;
  return typeof mail.html === 'string' ? htmlToText(mail.html) : '';
}

/** The notification a reply answers: by its reply token, else by our Message-ID in In-Reply-To/References. */
async function repliedNotification(deps: Deps, mail: ParsedMail, to: string[]): Promise<OutboxRow | null> {
  const key = await signingKey(deps.db);
  const find = (id: number) => deps.db.selectFrom('notification_outbox').selectAll().where('id', '=', id).executeTakeFirst();
  for (const address of to) {
    const token = /\+r\.([0-9a-z]+\.[0-9a-f]{20})@/.exec(address)?.[1];
    const id = token ? outboxIdOf(key, 'reply', token) : null;
    if (id !== null) {
      const row = await find(id);
      if (row) return row;
    }
  }
  const refs = [mail.inReplyTo ?? '', ...(Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : [])].join(' ');
  return ourMessage(deps, refs);
}

/** An outbox row named by one of our Message-IDs (`<n{id}.{hash}@…>`) in `text`, checked against its hash. */
async function ourMessage(deps: Deps, text: string): Promise<OutboxRow | null> {
  for (const m of text.matchAll(/<?n(\d{1,15})\.([0-9a-f]{16})@[^\s>]+>?/g)) {
    const row = await deps.db.selectFrom('notification_outbox').selectAll().where('id', '=', Number(m[1])).executeTakeFirst();
    if (row && deliveryKeyHash(row) === m[2]) return row;
  }
  return null;
}

function attachmentsOf(mail: ParsedMail, skip: (a: Attachment) => boolean) {
  let total = 0;
  return mail.attachments
    .filter((a) => !skip(a))
    .map((a) => {
      const keep = a.size <= MAX_ATTACHMENT_BYTES && total + a.size <= MAX_ATTACHMENTS_BYTES;
      if (keep) total += a.size;
      return { a, meta: { filename: a.filename ?? null, contentType: a.contentType, size: a.size, sha256: createHash('sha256').update(a.content).digest('hex'), kept: keep } };
    });
}

export interface ReceiveOptions {
  via: 'smtp' | 'webhook';
  /** The SMTP envelope's recipients (RCPT TO), which may differ from the To header. */
  envelopeTo?: string[];
}

/** Parses and files one raw RFC 822 message. */
export async function receiveEmail(deps: Deps, raw: Buffer | string, options: ReceiveOptions): Promise<InboundResult> {
  const mail = await simpleParser(raw, { skipImageLinks: true, maxHtmlLengthToParse: 5 * 1024 * 1024 });
  const messageId = mail.messageId ?? null;
  if (messageId) {
    const seen = await deps.db.selectFrom('inbound_messages').select(['id', 'kind', 'request_id', 'bounced_recipient']).where('message_id', '=', messageId).executeTakeFirst();
    if (seen) return { id: seen.id, kind: seen.kind, requestId: seen.request_id, duplicate: true, bouncedRecipient: seen.bounced_recipient };
  }
  const to = [...new Set([...addresses(mail.to), ...addresses(mail.cc), ...(options.envelopeTo ?? []).map((a) => a.toLowerCase())])];
  const now = deps.clock.now();
  let kind: InboundKind = 'new';
  let row: OutboxRow | null = null;
  let bounced: string | null = null;
  let reply: string | null = null;
  const bounce = bounceOf(mail);
  if (bounce) {
    kind = 'bounce';
    row = await ourMessage(deps, bounce.outboxHint);
    bounced = bounce.recipient ?? row?.recipient ?? null;
    if (bounced && bounce.permanent) {
      await suppressRecipient(deps.db, { channel: 'email', recipient: bounced, reason: 'bounced', detail: (mail.subject ?? '').slice(0, 200) }, now);
    }
  } else if (isAutoReply(mail)) {
    kind = 'auto_reply';
  } else {
    row = await repliedNotification(deps, mail, to);
    if (row && typeof row.data.requestId === 'number') {
      kind = 'reply';
      reply = stripQuoted(bodyText(mail, true)).slice(0, 3500);
    } else row = null;
  }
  const requestId = kind === 'reply' && row ? Number(row.data.requestId) : null;
  const files = attachmentsOf(mail, (a) => kind === 'bounce' && /^(message|text\/rfc822-headers)/i.test(a.contentType));
  const from = mail.from?.value[0];
  const inserted = await deps.db.transaction().execute(async (trx) => {
    const message = await trx
      .insertInto('inbound_messages')
      .values({
        received_via: options.via,
        message_id: messageId,
        from_address: from?.address?.toLowerCase() ?? null,
        from_name: from?.name || null,
        to_addresses: to,
        subject: mail.subject?.slice(0, 500) ?? null,
        text_body: bodyText(mail, false).slice(0, 100_000),
        reply_text: reply,
        kind,
        request_id: requestId,
        outbox_id: row?.id ?? null,
        bounced_recipient: bounced,
        attachments: JSON.stringify(files.map((f) => f.meta)),
        received_at: now,
      })
      .onConflict((oc) => oc.column('message_id').where('message_id', 'is not', null).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!message) return null;
    for (const f of files.filter((x) => x.meta.kept)) {
      await trx
        .insertInto('inbound_attachments')
        .values({ message_id: message.id, filename: f.meta.filename, content_type: f.meta.contentType, size: f.meta.size, sha256: f.meta.sha256, content: f.a.content })
        .execute();
    }
    return message.id;
  });
  if (inserted === null) {
    // Received twice at once: the other copy was filed first.
    const seen = await deps.db.selectFrom('inbound_messages').select(['id', 'kind', 'request_id']).where('message_id', '=', messageId).executeTakeFirstOrThrow();
    return { id: seen.id, kind: seen.kind, requestId: seen.request_id, duplicate: true };
  }
  if (kind === 'new') await logEmailContact(deps, inserted, messageId, from?.address ?? null, from?.name || null, mail.subject ?? null);
  if (kind === 'reply' && requestId !== null && row) {
    const fromResident = from?.address ? normalizeRecipient('email', from.address) === row.recipient : false;
    const kept = files.filter((f) => f.meta.kept).length;
    const lines = [
      fromResident ? `E-mail reply from the resident (${row.recipient}):` : `E-mail reply to a notification sent to ${row.recipient}, from ${from?.address ?? 'an unknown sender'}:`,
      '',
      reply || '(no text)',
    ];
    if (files.length) lines.push('', `Attachments: ${files.map((f) => `${f.meta.filename ?? 'unnamed'} (${f.meta.contentType}, ${f.meta.size} bytes${f.meta.kept ? '' : ', too large, not kept'})`).join('; ')} — kept with inbound message ${inserted}${kept ? '' : ' (none kept)'}.`);
    await addNote(deps, { request: requestId, actor: 'resident:email-reply', internalNote: lines.join('\n') });
  }
  return { id: inserted, kind, requestId, duplicate: false, bouncedRecipient: bounced };
}

/**
 * A new message (not a reply, bounce or auto-reply) is an inbound e-mail contact, left open for an
 * agent to answer: its sender found or made a customer by address, idempotent by Message-ID (or
 * our row id when it has none), and the message row points at the contact.
 */
async function logEmailContact(deps: Deps, messageRowId: number, messageId: string | null, address: string | null, name: string | null, subject: string | null): Promise<void> {
  const email = address ? normalizeCustomerEmail(address) : null;
  const { contact } = await logContact(
    deps,
    {
      channel: 'email',
      source: 'inbound_email',
      sourceRef: (messageId ?? `inbound_messages:${messageRowId}`).slice(0, 500),
      // eslint-disable-next-line no-control-regex
      ...(email ? { customer: { email, ...(name ? { name: name.replace(/[\u0000-\u001F\u007F]+/g, ' ').trim().slice(0, 200) || undefined } : {}) } } : {}),
      // eslint-disable-next-line no-control-regex
      notes: subject ? `Subject: ${subject.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').slice(0, 500)}` : null,
    },
    { actor: { kind: 'system', label: 'inbound e-mail' } },
  );
  await deps.db.updateTable('inbound_messages').set({ contact_id: contact.row.id }).where('id', '=', messageRowId).execute();
}
