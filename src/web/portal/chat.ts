import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { t, type Locale } from '../../i18n/index.ts';
import { AppError, ValidationError } from '../../lib/errors.ts';
import { chatAvailability, leaveMessage, WindowLimit, MAX_LEFT_MESSAGE, MAX_MESSAGE } from '../../modules/chat/index.ts';
import { html, SafeHtml } from '../ui/html.ts';
import { pageScripts } from './assets.ts';
import { errorSummary, fieldError, fieldId, formText, invalidAttrs, pageContext, RESIDENT_FORM, sendPage, trapFields, trapVerdict, type FormError, type PageContext } from './page.ts';
import type { PortalOptions } from './routes.ts';

type Body = Record<string, unknown>;

/** The chat's own few styles: the message log and who wrote each line (in words, not colour alone). */
const CHAT_STYLES = new SafeHtml(`<style>
.chat-log{border:1px solid #6b6b6b;border-radius:.25rem;max-height:24rem;overflow-y:auto;padding:.5rem 1rem;margin:1rem 0;background:#fff}
.chat-log ol{list-style:none;margin:0;padding:0}
.chat-log li{margin:.5rem 0;padding:.5rem .75rem;border-radius:.25rem;background:#f3f3f3}
.chat-log li.resident{background:#e8f0fe;margin-left:2rem}
.chat-log li.system{background:none;font-style:italic;padding:.25rem 0}
.chat-log .who{display:block;font-weight:bold;font-size:.9rem}
.chat-compose textarea{width:100%;box-sizing:border-box}
.chat-actions{display:flex;gap:.5rem;flex-wrap:wrap;margin-top:.5rem}
</style>`);

/** Strings the live chat script needs, handed over on its container (the script has no catalog). */
function scriptMessages(locale: Locale): Record<string, string> {
  const keys = ['you', 'agent', 'waiting', 'joined', 'ended', 'endedByYou', 'closed', 'busy', 'error', 'sending', 'reconnecting', 'restart'];
  // %name% (not an ICU argument: the page has no name to give) is where the script puts the agent's first name.
  return Object.fromEntries(keys.map((k) => [k, t(locale, `portal.chat.js.${k}`)]));
}

/** The leave-a-message form: works without JavaScript (posts and redirects), protected like every portal form. */
async function leaveForm(deps: Deps, locale: Locale, errors: FormError[], body: Body): Promise<SafeHtml> {
  const field = (name: string, label: string, type: string, auto: string, max: number, hintKey?: string) => {
    const hint = hintKey ? `${fieldId(name)}-hint` : undefined;
    return html`<div class="field"><label for="${fieldId(name)}">${label}</label>${hint ? html`<p class="hint" id="${hint}">${t(locale, hintKey as string)}</p>` : ''}${fieldError(locale, errors, name)}
<input type="${type}" id="${fieldId(name)}" name="${name}" value="${formText(body, name)}" autocomplete="${auto}" maxlength="${max}"${invalidAttrs(errors, name, hint)}></div>`;
  };
  return html`<form method="post" action="/chat/leave-message?lang=${locale}" novalidate>
${await trapFields(deps, locale)}
${field('name', t(locale, 'portal.chat.leave.name'), 'text', 'name', 100)}
${field('email', t(locale, 'portal.report.email'), 'email', 'email', 254, 'portal.chat.leave.reachHint')}
${field('phone', t(locale, 'portal.chat.leave.phone'), 'tel', 'tel', 40)}
<div class="field"><label for="${fieldId('message')}">${t(locale, 'portal.chat.leave.message')}</label>${fieldError(locale, errors, 'message')}
<textarea id="${fieldId('message')}" name="message" rows="5" maxlength="${MAX_LEFT_MESSAGE}"${invalidAttrs(errors, 'message')}>${formText(body, 'message')}</textarea></div>
<button type="submit" id="f-submit">${t(locale, 'portal.chat.leave.button')}</button>
</form>`;
}

async function chatPage(deps: Deps, ctx: PageContext, opts: { errors: FormError[]; body: Body; sent: boolean }): Promise<SafeHtml> {
  const { locale } = ctx;
  const availability = await chatAvailability(deps);
  const messages = JSON.stringify(scriptMessages(locale));
  return html`${CHAT_STYLES}<h1>${t(locale, 'portal.chat.title')}</h1>
${errorSummary(locale, opts.errors)}
${opts.sent ? html`<p class="success" role="status">${t(locale, 'portal.chat.leave.sent')}</p>` : ''}
<p id="chat-nojs">${t(locale, availability.offered ? 'portal.chat.nojsOpen' : 'portal.chat.nojsClosed')}</p>
<section id="chat-live" hidden aria-labelledby="chat-live-title" data-locale="${locale}" data-messages="${messages}">
  <h2 id="chat-live-title">${t(locale, 'portal.chat.live')}</h2>
  <p id="chat-status" role="status"></p>
  <form id="chat-start" hidden>
    <div class="field"><label for="chat-name">${t(locale, 'portal.chat.name')}</label><input type="text" id="chat-name" name="name" autocomplete="given-name" maxlength="100"></div>
    <div class="field"><label for="chat-topic">${t(locale, 'portal.chat.topic')}</label><input type="text" id="chat-topic" name="topic" maxlength="200"></div>
    <button type="submit">${t(locale, 'portal.chat.start')}</button>
  </form>
  <div id="chat-session" hidden>
    <div class="chat-log" id="chat-log" role="log" aria-live="polite" aria-labelledby="chat-log-title" tabindex="0">
      <h3 id="chat-log-title" class="visually-hidden">${t(locale, 'portal.chat.log')}</h3>
      <ol></ol>
    </div>
    <form id="chat-compose" class="chat-compose">
      <label for="chat-input">${t(locale, 'portal.chat.input')}</label>
      <p class="hint" id="chat-input-hint">${t(locale, 'portal.chat.inputHint')}</p>
      <textarea id="chat-input" rows="2" maxlength="${MAX_MESSAGE}" aria-describedby="chat-input-hint"></textarea>
      <div class="chat-actions"><button type="submit">${t(locale, 'portal.chat.send')}</button><button type="button" id="chat-end" class="secondary">${t(locale, 'portal.chat.end')}</button></div>
    </form>
  </div>
</section>
<section id="chat-leave" aria-labelledby="chat-leave-title">
  <h2 id="chat-leave-title">${t(locale, 'portal.chat.leave.title')}</h2>
  <p>${t(locale, 'portal.chat.leave.intro')}</p>
  ${await leaveForm(deps, locale, opts.errors, opts.body)}
</section>`;
}

/**
 * "Chat with 311" (/chat): without JavaScript a leave-a-message form (and a word that live chat
 * needs JavaScript); with it, the live chat (scripts/chat.ts) while chat is offered. A message left
 * here is a contact to call back.
 */
export function registerChatPage(app: FastifyInstance, deps: Deps, opts: PortalOptions, limit = new WindowLimit(5, 3_600_000)): void {
  const title = (ctx: PageContext) => t(ctx.locale, 'portal.chat.title');
  app.get('/chat', async (request, reply) => {
    const ctx = await pageContext(deps, request, reply, opts.defaultLocale);
    reply.header('cache-control', 'private, no-store');
    const sent = (request.query as Record<string, unknown>).sent === '1';
    return sendPage(reply, ctx, { title: title(ctx), path: '/chat', scripts: pageScripts('chat'), body: await chatPage(deps, ctx, { errors: [], body: {}, sent }) });
  });

  app.post('/chat/leave-message', RESIDENT_FORM, async (request, reply) => {
    const ctx = await pageContext(deps, request, reply, opts.defaultLocale);
    const { locale } = ctx;
    const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Body;
    const again = async (errors: FormError[], status: number) =>
      sendPage(reply, ctx, { title: `${t(locale, 'portal.errors.titlePrefix')} ${title(ctx)}`, path: '/chat', status, scripts: pageScripts('chat'), body: await chatPage(deps, ctx, { errors, body, sent: false }) });
    const verdict = await trapVerdict(deps, body);
    if (verdict) return again([{ field: 'submit', message: t(locale, `portal.trap.${verdict}`) }], 400);
    const label = (field: string) => t(locale, field === 'email' ? 'portal.report.email' : `portal.chat.leave.${field}`);
    try {
      limit.take(`ip:${request.ip}`, deps.clock.now(), 'messages left');
      await leaveMessage(deps, { locale, name: formText(body, 'name'), email: formText(body, 'email'), phone: formText(body, 'phone'), message: formText(body, 'message') });
    } catch (error) {
      if (error instanceof ValidationError) {
        const problems = error.problems.map((p) => ({ ...p, field: p.field.replace(/^body\./, '') }));
        const seen = new Set<string>();
        const errors = problems
          .filter((p) => !seen.has(p.field) && seen.add(p.field))
          .map((p) => ({
            field: p.field,
            message: p.code === 'required' && p.field === 'email' ? t(locale, 'portal.chat.leave.reachRequired') : t(locale, p.code === 'too_big' ? 'portal.problem.too_long' : p.code === 'invalid_email' ? 'portal.problem.invalid_email' : p.code === 'invalid_phone' ? 'portal.problem.invalid_phone' : 'portal.problem.required', { title: label(p.field) }),
          }));
        return again(errors, 400);
      }
      if (error instanceof AppError && error.status === 429) return again([{ field: 'submit', message: t(locale, 'portal.trap.rate', { minutes: 60 }) }], 429);
      throw error;
    }
    return reply.redirect(`/chat?sent=1&lang=${locale}`, 303);
  });
}
