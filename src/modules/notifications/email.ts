import nodemailer from 'nodemailer';
import type { Deps } from '../../deps.ts';
import { PermanentDeliveryError, deliveryKeyHash, type DeliverFn, type OutboxRow } from './outbox.ts';
import { renderEmail, type EmailLinks } from './templates.ts';
import { signToken, signingKey } from './tokens.ts';

/**
 * The e-mail channel: renders an outbox row and sends it over SMTP with a pooled nodemailer
 * transport (a few connections kept open, many messages each), which is what makes hundreds of
 * messages a second possible.
 */
export interface EmailSettings {
  smtpUrl: string;
  /** `311 <noreply@city.gov>` */
  from: string;
  publicUrl: string;
  /** The 311 address replies go to, e.g. `311@city.gov`: Reply-To becomes `311+r.<token>@city.gov`. */
  inboundAddress?: string | null;
  /** Open SMTP connections (default 5). */
  maxConnections?: number;
}

/** The domain of our Message-IDs: the sender's domain. */
export function messageIdDomain(from: string): string {
  const domain = /@([^\s>]+)>?\s*$/.exec(from)?.[1];
  return domain && /^[\w.-]+$/.test(domain) ? domain.toLowerCase() : 'frontdoor.invalid';
}

/** The Message-ID of an outbox row: the same however often it is sent, so a re-send is recognisable. */
export function messageIdOf(row: Pick<OutboxRow, 'id' | 'event_key' | 'channel' | 'recipient'>, domain: string): string {
  return `<n${row.id}.${deliveryKeyHash(row)}@${domain}>`;
}

/** `311@city.gov` + token → `311+r.<token>@city.gov` (sub-addressing). */
export function replyAddress(inbound: string, token: string): string {
  const at = inbound.lastIndexOf('@');
  return `${inbound.slice(0, at)}+r.${token}${inbound.slice(at)}`;
}

/** The links of one message (unsubscribe, survey, follow confirmation), signed with its outbox id. */
export function linksFor(key: Buffer, row: OutboxRow, publicUrl: string, repliesWelcome: boolean): EmailLinks {
  return {
    publicUrl,
    unsubscribeUrl: `${publicUrl}/notifications/unsubscribe/${signToken(key, 'unsubscribe', row.id)}`,
    surveyUrl: `${publicUrl}/notifications/survey/${signToken(key, 'survey', row.id)}`,
    followUrl: `${publicUrl}/notifications/follow/${signToken(key, 'follow', row.id)}`,
    repliesWelcome,
  };
}

export interface EmailChannel {
  deliver: DeliverFn;
  close(): void;
}

export function createEmailChannel(settings: EmailSettings): EmailChannel {
  const url = new URL(settings.smtpUrl);
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: settings.maxConnections ?? 5,
    maxMessages: Infinity,
    host: url.hostname,
    port: Number(url.port) || (url.protocol === 'smtps:' ? 465 : 587),
    secure: url.protocol === 'smtps:',
    ...(url.username && { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }),
  });
  const domain = messageIdDomain(settings.from);
  const deliver = async (row: OutboxRow, deps: Deps) => {
    const key = await signingKey(deps.db);
    const links = linksFor(key, row, settings.publicUrl, Boolean(settings.inboundAddress));
    let mail;
    try {
      mail = renderEmail(row, links);
    } catch (error) {
      throw new PermanentDeliveryError(error instanceof Error ? error.message : String(error));
    }
    const messageId = messageIdOf(row, domain);
    try {
      const info = await transport.sendMail({
        from: settings.from,
        to: row.recipient,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId,
        ...(settings.inboundAddress && { replyTo: replyAddress(settings.inboundAddress, signToken(key, 'reply', row.id)) }),
        headers: {
          'List-Unsubscribe': `<${links.unsubscribeUrl}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          // RFC 3834: automatic mail; vacation responders should not answer it.
          'Auto-Submitted': 'auto-generated',
          'X-Frontdoor-Notification': String(row.id),
        },
      });
      return { providerId: messageId, response: String(info.response ?? '') };
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      if (typeof code === 'number' && code >= 500 && code < 600) throw new PermanentDeliveryError(`${code} ${(error as Error).message}`);
      throw error;
    }
  };
  return { deliver, close: () => transport.close() };
}
