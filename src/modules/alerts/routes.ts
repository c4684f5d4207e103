import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { useZod } from '../../http/openapi.ts';
import { negotiateLocale, t, type Locale } from '../../i18n/index.ts';
import { AppError } from '../../lib/errors.ts';
import { getJurisdiction } from '../catalog/service.ts';
import { auditContextOf, requirePermission } from '../identity/index.ts';
import { atomFeed, capDocument } from './feeds.ts';
import { cancelNotice, createNotice, currentNotices, getNotice, listNotices, publishNotice, recentNotices, updateNotice } from './notices.ts';
import { presentBannerNotice, presentNotice } from './presenter.ts';
import { bannerQuery, noticeActionSchema, noticeCreateSchema, noticeListQuery, noticeUpdateSchema, subscribeSchema, tokenQuery } from './schemas.ts';
import { confirmSubscription, subscribe, unsubscribe } from './subscriptions.ts';

const STAFF_TAGS = ['Emergency notices'];
const PUBLIC_TAGS = ['Alerts (public)'];
const idParams = z.object({ id: z.string().regex(/^[1-9]\d{0,14}$/, 'must be a positive whole number') }).strict();
/** Subscriptions an address may start in an hour: enough for a person, too few to spam someone with confirmations. */
const SUBSCRIPTIONS_PER_HOUR = 5;

export interface AlertRouteOptions {
  publicUrl: string;
  defaultLocale: Locale;
}

/**
 * Emergency notices for staff under /api/v1/alerts/notices (alerts:publish; every change audited),
 * the portal banner and resident subscriptions under /api/v1/alerts, and the public feeds:
 * /alerts/feed.atom (Atom 1.0) and /alerts/notices/{id}.cap (CAP 1.2).
 */
export async function registerAlertRoutes(app: FastifyInstance, deps: Deps, options: AlertRouteOptions): Promise<void> {
  const { publicUrl } = options;
  await app.register(async (plain) => {
    const api = useZod(plain);
    const publish = requirePermission('alerts:publish');
    const createdBy = (p: import('../identity/index.ts').Principal): string => (p.kind === 'staff' ? p.email : p.kind === 'api_key' ? `api key ${p.name}` : 'anonymous');

    api.get(
      '/api/v1/alerts/notices',
      { preHandler: publish, schema: { tags: STAFF_TAGS, summary: 'Emergency notices, newest first', description: 'Needs alerts:publish. status=current: published, started and not expired.', querystring: noticeListQuery } },
      async (request) => ({ notices: (await listNotices(deps, { status: request.query.status, limit: request.query.limit })).map(presentNotice) }),
    );
    api.post(
      '/api/v1/alerts/notices',
      {
        bodyLimit: 131_072,
        preHandler: publish,
        schema: { tags: STAFF_TAGS, summary: 'Write an emergency notice (a draft, or published at once)', description: 'Needs alerts:publish. Title, body and event per language (en required). Publishing queues it for every confirmed subscriber whose area meets the notice’s, by e-mail and SMS, in their language; the answer says how many.', body: noticeCreateSchema },
      },
      async (request, reply) => {
        const { notice, queued } = await createNotice(deps, request.body, { ...auditContextOf(request), publicUrl, createdBy: createdBy(request.principal) });
        return reply.status(201).send({ notice: presentNotice(notice), queued });
      },
    );
    api.get('/api/v1/alerts/notices/:id', { preHandler: publish, schema: { tags: STAFF_TAGS, summary: 'One notice with its CAP messages', params: idParams } }, async (request) => ({
      notice: presentNotice(await getNotice(deps, Number(request.params.id))),
    }));
    api.patch(
      '/api/v1/alerts/notices/:id',
      {
        bodyLimit: 131_072,
        preHandler: publish,
        schema: { tags: STAFF_TAGS, summary: 'Change a draft or published notice', description: 'Send expectedVersion (409 stale_version otherwise). A published notice’s change is a CAP Update; notify=true sends it to subscribers again.', params: idParams, body: noticeUpdateSchema },
      },
      async (request) => {
        const { notice, queued } = await updateNotice(deps, Number(request.params.id), request.body, { ...auditContextOf(request), publicUrl });
        return { notice: presentNotice(notice), queued };
      },
    );
    api.post(
      '/api/v1/alerts/notices/:id/publish',
      { preHandler: publish, schema: { tags: STAFF_TAGS, summary: 'Publish a draft notice', description: 'A CAP Alert: shown on the banner and in the feeds, and queued for subscribers in the area.', params: idParams, body: noticeActionSchema } },
      async (request) => {
        const { notice, queued } = await publishNotice(deps, Number(request.params.id), request.body.expectedVersion, { ...auditContextOf(request), publicUrl });
        return { notice: presentNotice(notice), queued };
      },
    );
    api.post(
      '/api/v1/alerts/notices/:id/cancel',
      { preHandler: publish, schema: { tags: STAFF_TAGS, summary: 'Cancel a notice', description: 'A published notice gets a CAP Cancel (sent to its subscribers unless notify=false) and leaves the banner.', params: idParams, body: noticeActionSchema } },
      async (request) => {
        const { notice, queued } = await cancelNotice(deps, Number(request.params.id), request.body.expectedVersion, request.body.notify, { ...auditContextOf(request), publicUrl });
        return { notice: presentNotice(notice), queued };
      },
    );

    api.get(
      '/api/v1/alerts/banner',
      { schema: { tags: PUBLIC_TAGS, summary: 'Notices in force now, for the portal banner', description: 'In the asked language (locale, else Accept-Language), each falling back to English (fallback: true). Most severe first.', querystring: bannerQuery } },
      async (request, reply) => {
        const locale = negotiateLocale(request.query.locale, request.headers['accept-language'], options.defaultLocale);
        reply.header('cache-control', 'public, max-age=30');
        return { locale, notices: (await currentNotices(deps)).map((n) => presentBannerNotice(n, locale, publicUrl)) };
      },
    );
    api.post(
      '/api/v1/alerts/subscriptions',
      { bodyLimit: 65_536, schema: { tags: PUBLIC_TAGS, summary: 'Subscribe to emergency notices and/or new requests in an area', description: 'By e-mail, SMS or both. Nothing is sent until confirmed: the e-mail carries a link, the text asks for a reply YES. 202 whatever the address.', body: subscribeSchema } },
      async (request, reply) => {
        for (const [channel, address] of [['email', request.body.email?.trim().toLowerCase()], ['sms', request.body.phone?.replace(/[\s().-]/g, '')]] as const) {
          if (!address) continue;
          const recent = await deps.db
            .selectFrom('alert_subscriptions')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('channel', '=', channel)
            .where('address', '=', address)
            .where('created_at', '>', new Date(deps.clock.now().getTime() - 3_600_000))
            .executeTakeFirstOrThrow();
          if (Number(recent.n) >= SUBSCRIPTIONS_PER_HOUR) throw new AppError('rate_limited', 429, `At most ${SUBSCRIPTIONS_PER_HOUR} subscriptions an hour for one address; try again later`, { field: channel === 'email' ? 'email' : 'phone', retryAfterSeconds: 3600 });
        }
        const result = await subscribe(deps, request.body, publicUrl);
        return reply.status(202).send({ status: 'confirmation_sent', channels: result.subscriptions.map((s) => s.channel) });
      },
    );
    api.get(
      '/api/v1/alerts/subscriptions/confirm',
      { schema: { tags: PUBLIC_TAGS, summary: 'Confirm an e-mail subscription (the link in the confirmation e-mail)', querystring: tokenQuery } },
      async (request) => {
        await confirmSubscription(deps, request.query.token);
        const locale = negotiateLocale(undefined, request.headers['accept-language'], options.defaultLocale);
        return { status: 'confirmed', message: t(locale, 'alerts.confirmedPage') };
      },
    );
    api.get(
      '/api/v1/alerts/subscriptions/unsubscribe',
      { schema: { tags: PUBLIC_TAGS, summary: 'End a subscription (the link in every alert)', querystring: tokenQuery } },
      async (request) => {
        await unsubscribe(deps, request.query.token);
        const locale = negotiateLocale(undefined, request.headers['accept-language'], options.defaultLocale);
        return { status: 'unsubscribed', message: t(locale, 'alerts.unsubscribedPage') };
      },
    );
  });

  // The feeds: XML, public, cacheable; not part of the JSON API.
  const context = async () => {
    const j = await getJurisdiction(deps);
    return { j, ctx: { publicUrl, senderName: `${j.name.en ?? j.id} 311`, timeZone: j.timeZone } };
  };
  app.get('/alerts/feed.atom', { schema: { hide: true } }, async (request, reply) => {
    const choice = (request.query as Record<string, unknown>).locale;
    const locale = negotiateLocale(typeof choice === 'string' ? choice : undefined, request.headers['accept-language'], options.defaultLocale);
    const { j, ctx } = await context();
    const notices = await recentNotices(deps);
    reply.header('cache-control', 'public, max-age=60').type('application/atom+xml; charset=utf-8');
    return atomFeed(notices, locale, { ...ctx, title: t(locale, 'alerts.feedTitle', { city: j.name[locale] ?? j.name.en ?? j.id }), now: deps.clock.now() });
  });
  app.get('/alerts/notices/:file', { schema: { hide: true } }, async (request, reply) => {
    const file = (request.params as { file: string }).file;
    const m = /^([1-9]\d{0,14})\.cap$/.exec(file);
    if (!m) throw new AppError('not_found', 404, `No CAP message at /alerts/notices/${file}; ask for /alerts/notices/{id}.cap`);
    const notice = await getNotice(deps, Number(m[1]));
    if (notice.status === 'draft' || !notice.messages.length) throw new AppError('not_found', 404, `Notice ${m[1]} not found`);
    const { ctx } = await context();
    reply.header('cache-control', 'public, max-age=60').type('application/cap+xml; charset=utf-8');
    return capDocument(notice, ctx);
  });
}
