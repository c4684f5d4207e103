import type { Deps } from '../../deps.ts';
import { t, localized, type Locale } from '../../i18n/index.ts';
import { AppError } from '../../lib/errors.ts';
import { normalizePhone } from '../../lib/validate.ts';
import { confirmSmsSubscriptions } from '../alerts/index.ts';
import type { AttributeDefinition } from '../catalog/attributes.ts';
import { getJurisdiction, getService, listServices, type CatalogService } from '../catalog/service.ts';
import { logContact, normalizeCustomerPhone, recordChannelRequest } from '../contacts/index.ts';
import { isSuppressed, suppressRecipient, unsuppressRecipient } from '../notifications/outbox.ts';
import { createServiceRequest, getServiceRequest } from '../requests/index.ts';
import { search } from '../search/index.ts';
import { detectLanguage, keywordOf, statusQuery } from './keywords.ts';
import * as repo from './repository.ts';
import { MAX_SEGMENTS, fitSms, smsEncoding } from './segments.ts';
import type { DialogueStep } from './tables.ts';

/**
 * The SMS dialogue. A resident texts what is wrong; we match it to a catalog service (the search
 * module, then the services' keywords, else a numbered menu), ask the service's required questions
 * that can be answered by text, ask where (address or cross streets), ask to confirm (YES/NO), and
 * take the request in through intake (channel 'sms', the phone as the requester's private contact),
 * replying with the tracking number. A question a service answers directly ("when is garbage
 * day?") is answered at once. STOP/START/HELP are honoured before anything else; "STATUS <number>"
 * replies with a request's status. State lives per phone number and is forgotten after
 * DIALOGUE_TIMEOUT_MS of silence.
 */

export const DIALOGUE_TIMEOUT_MS = 30 * 60_000;
const MENU_SIZE = 5;
const ANSWERABLE: ReadonlySet<AttributeDefinition['datatype']> = new Set(['string', 'text', 'number', 'singlevaluelist']);

export interface InboundSms {
  from: string;
  to: string;
  body: string;
  /** The provider's MessageSid: a repeated webhook for the same message is answered once. */
  sid: string | null;
}

export interface DialogueResult {
  /** What to text back (TwiML <Message>); null: nothing (opted out, repeated webhook). */
  reply: string | null;
  requestId?: number;
  trackingNumber?: string;
}

interface DialogueData {
  what?: string;
  options?: string[];
  service?: string;
  attributes?: Record<string, string | number>;
  pending?: string[];
  address?: string;
  startedAt?: string;
}

interface State {
  locale: Locale;
  step: DialogueStep;
  data: DialogueData;
}

const say = (locale: Locale, key: string, values?: Record<string, string | number>) => fitSms(t(locale, key, values));

/** Handles one inbound text; stores it and the reply. */
export async function handleInboundSms(deps: Deps, message: InboundSms): Promise<DialogueResult> {
  const phoneCheck = normalizePhone('From', message.from);
  if (phoneCheck.problem || !phoneCheck.value) throw new AppError('invalid_phone', 400, `From is not a phone number: ${JSON.stringify(message.from.slice(0, 40))}`, { field: 'From' });
  const phone = phoneCheck.value;
  const now = deps.clock.now();
  const body = message.body.slice(0, 1600);
  const fresh = await repo.insertMessage(deps.db, { direction: 'in', phone, body, providerSid: message.sid, requestId: null, at: now });
  if (!fresh) return { reply: null };

  const saved = await repo.selectConversation(deps.db, phone);
  const live = saved && now.getTime() - saved.updated_at.getTime() < DIALOGUE_TIMEOUT_MS;
  const state: State = {
    locale: (saved?.locale as Locale | undefined) ?? 'en',
    step: live ? saved.step : 'idle',
    data: live ? (saved.data as DialogueData) : {},
  };
  // A text that starts a conversation is an inbound SMS contact (idempotent by the provider's id).
  if (!live) await logSmsContact(deps, phone, message.sid, now);
  const language = detectLanguage(body);
  if (language && (state.step === 'idle' || language === 'es' || state.locale !== 'es')) state.locale = language;

  const result = await respond(deps, phone, body, state, now);
  await repo.saveConversation(deps.db, { phone, locale: state.locale, step: state.step, data: state.data, at: now });
  // A request the dialogue made closes the conversation's contact (request_created) and is linked to it.
  if (result.requestId) await recordChannelRequest(deps, { source: 'inbound_sms', phone, since: new Date(now.getTime() - DIALOGUE_TIMEOUT_MS) }, result.requestId, { actor: { kind: 'system', label: 'inbound SMS' } });
  if (result.reply !== null) {
    await repo.insertMessage(deps.db, { direction: 'out', phone, body: result.reply, providerSid: null, requestId: result.requestId ?? null, at: now });
  }
  return result;
}

async function respond(deps: Deps, phone: string, body: string, state: State, now: Date): Promise<DialogueResult> {
  const { locale } = state;
  const keyword = keywordOf(body);
  // Carrier keywords first, whatever step the dialogue is in.
  if (keyword === 'stop') {
    await suppressRecipient(deps.db, { channel: 'sms', recipient: phone, reason: 'stop', detail: body.slice(0, 40) }, now);
    reset(state);
    return { reply: say(locale, 'sms.stopped') };
  }
  if (keyword === 'start') {
    await unsuppressRecipient(deps.db, { channel: 'sms', recipient: phone });
    reset(state);
    return { reply: say(locale, 'sms.started') };
  }
  if (keyword === 'help') return { reply: say(locale, 'sms.help') };
  // Someone who texted STOP gets nothing more, whatever they send (except the replies above).
  if (await isSuppressed(deps.db, 'sms', phone)) return { reply: null };

  const status = statusQuery(body);
  if (status) return { reply: await statusReply(deps, phone, status.tracking, locale) };

  if (keyword === 'yes' && state.step !== 'confirm') {
    const confirmed = await confirmSmsSubscriptions(deps, phone);
    if (confirmed > 0) return { reply: say(locale, 'sms.alertsConfirmed') };
  }

  switch (state.step) {
    case 'idle':
      return startReport(deps, body, state, now);
    case 'choose_service':
      return chooseService(deps, body, state);
    case 'attribute':
      return answerAttribute(deps, body, state);
    case 'where':
      return where(deps, body, state);
    case 'confirm':
      return confirm(deps, phone, body, keyword, state);
  }
}

function reset(state: State): void {
  state.step = 'idle';
  state.data = {};
}

async function statusReply(deps: Deps, phone: string, tracking: string, locale: Locale): Promise<string> {
  if (!tracking) return say(locale, 'sms.statusUsage');
  let request;
  try {
    request = await getServiceRequest(deps, tracking);
  } catch {
    return say(locale, 'sms.statusNotFound', { tracking });
  }
  // A confidential request's status goes only to the phone that reported it.
  if (request.confidential && request.requester?.phone !== phone) return say(locale, 'sms.statusNotFound', { tracking });
  const jurisdiction = await getJurisdiction(deps, { id: request.jurisdictionId });
  const service = await getService(deps, jurisdiction.id, request.serviceCode);
  return say(locale, 'sms.status', { tracking: request.trackingNumber, service: localized(service.name, locale), status: request.status });
}

/** Services a text can be a report of: taken in by intake, active, with every required question answerable by text. */
function reportable(service: CatalogService): boolean {
  return service.handling === 'intake' && service.active && service.attributes.every((a) => !a.required || ANSWERABLE.has(a.datatype));
}

/** Catalog services the text is about, best first: the search module's ranking, else the services' own keywords. */
async function matchServices(deps: Deps, jurisdictionId: string, text: string, locale: Locale): Promise<CatalogService[]> {
  const all = await listServices(deps, jurisdictionId);
  const byCode = new Map(all.map((s) => [s.code, s]));
  let codes: string[] = [];
  if (/[\p{L}\p{N}]/u.test(text)) {
    try {
      const found = await search(deps, { q: text.slice(0, 200), locale, type: 'service', page: 1, per_page: 10 }, { staff: false });
      codes = found.results.map((r) => r.ref);
    } catch {
      codes = [];
    }
  }
  if (!codes.length) {
    const words = new Set(text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 2));
    codes = all
      .filter((s) => [...s.keywords, ...Object.values(s.name)].some((k) => k.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').split(/[^\p{L}\p{N}]+/u).some((w) => words.has(w))))
      .map((s) => s.code);
  }
  const found: CatalogService[] = [];
  for (const code of codes) {
    const listed = byCode.get(code);
    if (!listed || !listed.active || listed.confidential) continue;
    found.push(await getService(deps, jurisdictionId, code));
  }
  return found;
}

/** A service a text can lead to: one to report (intake, every required question answerable by text), or one with an answer to give. */
const offerable = (s: CatalogService): boolean => (s.handling === 'intake' ? reportable(s) : s.active);

/**
 * The numbered menu that fits the message: options are added while the whole reply still fits in two
 * segments (long names in UCS-2 leave room for fewer); returns the options shown and the reply.
 */
function menuReply(key: string, options: CatalogService[], locale: Locale): { shown: CatalogService[]; reply: string } {
  let shown: CatalogService[] = [];
  let reply = '';
  for (const option of options) {
    const next = [...shown, option];
    const text = t(locale, key, { menu: next.map((s, i) => `${i + 1} ${localized(s.name, locale)}`).join(', ') });
    if (shown.length && smsEncoding(text).segments > MAX_SEGMENTS) break;
    shown = next;
    reply = fitSms(text);
  }
  return { shown, reply };
}

async function defaultMenu(deps: Deps, jurisdictionId: string): Promise<CatalogService[]> {
  const all = await listServices(deps, jurisdictionId);
  const out: CatalogService[] = [];
  for (const s of all) {
    if (out.length >= MENU_SIZE) break;
    if (s.handling !== 'intake' || !s.active || s.confidential) continue;
    const full = await getService(deps, jurisdictionId, s.code);
    if (reportable(full)) out.push(full);
  }
  return out;
}

async function startReport(deps: Deps, body: string, state: State, now: Date): Promise<DialogueResult> {
  const { locale } = state;
  const text = body.trim();
  if (text.length < 2) return { reply: say(locale, 'sms.help') };
  const jurisdiction = await getJurisdiction(deps);
  const matches = await matchServices(deps, jurisdiction.id, text, locale);
  const top = matches[0];
  // A question the catalog answers (garbage day, another agency's service): answer it.
  if (top && top.handling !== 'intake') return { reply: answerOf(top, locale) };
  const options = matches.filter(offerable).slice(0, MENU_SIZE - 1);
  state.data = { what: text.slice(0, 1000), startedAt: now.toISOString() };
  if (options.length === 1 && options[0]) return serviceChosen(options[0], state);
  const candidates = options.length ? options : await defaultMenu(deps, jurisdiction.id);
  if (!candidates.length) return { reply: say(locale, 'sms.noServices') };
  const { shown, reply } = menuReply(options.length ? 'sms.chooseService' : 'sms.unknownService', candidates, locale);
  state.step = 'choose_service';
  state.data.options = shown.map((s) => s.code);
  return { reply };
}

function answerOf(service: CatalogService, locale: Locale): string {
  const answer = localized(service.answer, locale) || localized(service.description, locale);
  return say(locale, 'sms.answer', { service: localized(service.name, locale), answer });
}

async function chooseService(deps: Deps, body: string, state: State): Promise<DialogueResult> {
  const jurisdiction = await getJurisdiction(deps);
  const codes = state.data.options ?? [];
  const options = await Promise.all(codes.map((c) => getService(deps, jurisdiction.id, c)));
  const n = /^\s*(\d{1,2})\s*$/.exec(body)?.[1];
  const chosen = n ? options[Number(n) - 1] : undefined;
  if (chosen) return serviceChosen(chosen, state);
  // A number not on the menu: ask again. Words: they said it another way, or asked something else.
  if (n) return { reply: menuReply('sms.chooseAgain', options, state.locale).reply };
  return startReport(deps, body, state, new Date(state.data.startedAt ?? Date.now()));
}

function serviceChosen(service: CatalogService, state: State): DialogueResult {
  if (service.handling !== 'intake') {
    // Chosen from the menu, a service 311 answers or another agency handles: its answer ends the dialogue.
    reset(state);
    return { reply: answerOf(service, state.locale) };
  }
  state.data.service = service.code;
  state.data.options = undefined;
  state.data.attributes = {};
  state.data.pending = service.attributes.filter((a) => a.required && a.variable !== false).map((a) => a.code);
  return nextQuestion(service, state);
}

function question(attribute: AttributeDefinition, locale: Locale): string {
  const text = localized(attribute.description, locale) || attribute.code;
  if (attribute.datatype === 'singlevaluelist') {
    return t(locale, 'sms.questionMenu', { question: text, menu: attribute.values.map((v, i) => `${i + 1} ${localized(v.name, locale) || v.key}`).join(', ') });
  }
  return text;
}

function nextQuestion(service: CatalogService, state: State): DialogueResult {
  const code = state.data.pending?.[0];
  const attribute = service.attributes.find((a) => a.code === code);
  const name = localized(service.name, state.locale);
  if (attribute) {
    state.step = 'attribute';
    return { reply: say(state.locale, 'sms.question', { service: name, question: question(attribute, state.locale) }) };
  }
  state.step = 'where';
  return { reply: say(state.locale, 'sms.where', { service: name }) };
}

async function currentService(deps: Deps, state: State): Promise<CatalogService> {
  const jurisdiction = await getJurisdiction(deps);
  return getService(deps, jurisdiction.id, state.data.service ?? '');
}

async function answerAttribute(deps: Deps, body: string, state: State): Promise<DialogueResult> {
  const service = await currentService(deps, state);
  const attribute = service.attributes.find((a) => a.code === state.data.pending?.[0]);
  if (!attribute) return nextQuestion(service, state);
  const text = body.trim();
  let value: string | number | null = null;
  if (attribute.datatype === 'singlevaluelist') {
    const n = /^\d{1,2}$/.exec(text) ? Number(text) : NaN;
    const byNumber = attribute.values[n - 1];
    const byName = attribute.values.find((v) => [v.key, ...Object.values(v.name)].some((x) => x.toLowerCase() === text.toLowerCase()));
    value = (byNumber ?? byName)?.key ?? null;
  } else if (attribute.datatype === 'number') {
    value = /^-?\d+([.,]\d+)?$/.test(text) ? Number(text.replace(',', '.')) : null;
  } else if (text.length > 0) {
    value = text.slice(0, attribute.datatype === 'string' ? 255 : 1000);
  }
  if (value === null) return { reply: say(state.locale, 'sms.answerAgain', { question: question(attribute, state.locale) }) };
  state.data.attributes = { ...state.data.attributes, [attribute.code]: value };
  state.data.pending = state.data.pending?.slice(1);
  return nextQuestion(service, state);
}

async function where(deps: Deps, body: string, state: State): Promise<DialogueResult> {
  const text = body.trim().replace(/\s+/g, ' ');
  if (!/[\p{L}\p{N}]{2}/u.test(text)) return { reply: say(state.locale, 'sms.whereAgain') };
  state.data.address = text.slice(0, 500);
  state.step = 'confirm';
  const service = await currentService(deps, state);
  return { reply: say(state.locale, 'sms.confirm', { service: localized(service.name, state.locale), address: state.data.address }) };
}

async function confirm(deps: Deps, phone: string, body: string, keyword: ReturnType<typeof keywordOf>, state: State): Promise<DialogueResult> {
  const { locale } = state;
  if (keyword === 'no') {
    reset(state);
    return { reply: say(locale, 'sms.cancelled') };
  }
  if (keyword !== 'yes') {
    const service = await currentService(deps, state);
    return { reply: say(locale, 'sms.confirmAgain', { service: localized(service.name, locale), address: state.data.address ?? '' }) };
  }
  const data = state.data;
  reset(state);
  try {
    const jurisdiction = await getJurisdiction(deps);
    const created = await createServiceRequest(deps, {
      jurisdictionId: jurisdiction.id,
      serviceCode: data.service ?? '',
      channel: 'sms',
      description: data.what ?? '',
      address: data.address,
      attributes: data.attributes ?? {},
      requester: { phone },
      idempotencyKey: `sms:${phone}:${data.startedAt ?? ''}`,
      actor: 'resident (sms)',
    });
    const tracking = created.request.trackingNumber;
    return { reply: say(locale, 'sms.created', { tracking }), requestId: created.request.id, trackingNumber: tracking };
  } catch (error) {
    if (error instanceof AppError && error.status < 500) return { reply: say(locale, 'sms.failed') };
    throw error;
  }
}

/** Logs the start of a conversation by text as an open sms contact, its customer found or made by number. */
async function logSmsContact(deps: Deps, phone: string, sid: string | null, at: Date): Promise<void> {
  const customerPhone = normalizeCustomerPhone(phone);
  await logContact(
    deps,
    { channel: 'sms', source: 'inbound_sms', sourceRef: sid ?? `${phone}@${at.toISOString()}`, ...(customerPhone ? { customer: { phone: customerPhone } } : {}) },
    { actor: { kind: 'system', label: 'inbound SMS' } },
  );
}
