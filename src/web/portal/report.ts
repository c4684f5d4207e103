import type { FastifyInstance } from 'fastify';
import { DateTime } from 'luxon';
import type { Deps } from '../../deps.ts';
import { localized, t, type Locale } from '../../i18n/index.ts';
import { AppError, ValidationError, type FieldProblem } from '../../lib/errors.ts';
import type { AttributeDefinition } from '../../modules/catalog/attributes.ts';
import { getDepartment, getService, listServices, type CatalogService } from '../../modules/catalog/service.ts';
import { RateLimiter } from '../../modules/kb/public.ts';
import { statusWords } from '../../modules/notifications/index.ts';
import { createServiceRequest, findDuplicateCandidates, getServiceRequest, type DuplicateCandidate } from '../../modules/requests/index.ts';
import { attachPhotos } from '../../modules/media/index.ts';
import { html, type SafeHtml } from '../ui/html.ts';
import {
  errorSummary,
  inLang,
  fieldError,
  fieldId,
  formText,
  invalidAttrs,
  notFoundPage,
  pageContext,
  sendPage,
  translateProblem,
  trapFields,
  trapVerdict,
  TIME_TRAP,
  type FormError,
  type PageContext,
  RESIDENT_FORM,
} from './page.ts';
import { photoFields, processReportPhotos, readReportForm } from './photos.ts';
import { addressChoices, choiceError, locationScriptData, placeAddress } from './location.ts';
import { pageScripts } from './assets.ts';
import type { AddressMatch } from '../../modules/geo/index.ts';
import type { PortalOptions } from './routes.ts';
import { whoToCall } from './routes.ts';

type Body = Record<string, unknown>;
const attrName = (code: string): string => `attribute[${code}]`;

/** The service a resident may report or read about: active and public; null otherwise. */
async function publicService(deps: Deps, ctx: PageContext, code: string): Promise<CatalogService | null> {
  if (!ctx.jurisdiction || !/^[A-Za-z0-9_.-]{1,64}$/.test(code)) return null;
  try {
    const s = await getService(deps, ctx.jurisdiction.id, code);
    return s.active && !s.confidential ? s : null;
  } catch (error) {
    if (error instanceof AppError && error.status === 404) return null;
    throw error;
  }
}

/** The posted values of a multi-choice question (`attribute[CODE][]`). */
function listValue(body: Body, name: string): string[] {
  const v = body[`${name}[]`] ?? body[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
}

/** One Open311 question as an accessible form control, keeping what the resident typed. */
function attributeField(locale: Locale, def: AttributeDefinition, body: Body, errors: FormError[]): SafeHtml {
  const name = attrName(def.code);
  const id = fieldId(name);
  const label = localized(def.description, locale) ? inLang(def.description, locale) : def.code;
  const req = def.required ? html` <span class="req">(${t(locale, 'portal.form.required')})</span>` : html` <span class="opt">(${t(locale, 'portal.form.optional')})</span>`;
  if (!def.variable) return html`<p class="info" id="${id}">${label}</p>`;
  const err = fieldError(locale, errors, name);
  const attrs = invalidAttrs(errors, name);
  const value = formText(body, name);
  switch (def.datatype) {
    case 'string':
      return html`<div class="field"><label for="${id}">${label}${req}</label>${err}<input type="text" id="${id}" name="${name}" value="${value}" maxlength="255"${attrs}${def.required ? html` aria-required="true"` : ''}></div>`;
    case 'number':
      return html`<div class="field"><label for="${id}">${label}${req}</label>${err}<input type="text" inputmode="decimal" id="${id}" name="${name}" value="${value}" maxlength="20"${attrs}${def.required ? html` aria-required="true"` : ''}></div>`;
    case 'datetime':
      return html`<div class="field"><label for="${id}">${label}${req}</label>${err}<input type="datetime-local" id="${id}" name="${name}" value="${value}"${attrs}${def.required ? html` aria-required="true"` : ''}></div>`;
    case 'text':
      return html`<div class="field"><label for="${id}">${label}${req}</label>${err}<textarea id="${id}" name="${name}" rows="4" maxlength="4000"${attrs}${def.required ? html` aria-required="true"` : ''}>${value}</textarea></div>`;
    case 'singlevaluelist':
    case 'multivaluelist': {
      const multi = def.datatype === 'multivaluelist';
      const chosen = multi ? listValue(body, name) : [value];
      const inputName = multi ? `${name}[]` : name;
      return html`<fieldset class="field"${invalidAttrs(errors, name)}><legend>${label}${req}</legend>${err}
${def.values.map(
  (v, i) => html`<div class="choice"><input type="${multi ? 'checkbox' : 'radio'}" id="${i === 0 ? id : `${id}-${i}`}" name="${inputName}" value="${v.key}"${chosen.includes(v.key) ? html` checked` : ''}><label for="${i === 0 ? id : `${id}-${i}`}">${inLang(v.name, locale)}</label></div>`,
)}</fieldset>`;
    }
  }
}

function textField(locale: Locale, name: string, label: string, body: Body, errors: FormError[], opts: { type?: string; autocomplete?: string; hint?: string; max?: number; required?: boolean; textarea?: boolean } = {}): SafeHtml {
  const id = fieldId(name);
  const hintId = opts.hint ? `${id}-hint` : undefined;
  const marker = opts.required ? html` <span class="req">(${t(locale, 'portal.form.required')})</span>` : html` <span class="opt">(${t(locale, 'portal.form.optional')})</span>`;
  const common = html`id="${id}" name="${name}"${invalidAttrs(errors, name, hintId)}${opts.autocomplete ? html` autocomplete="${opts.autocomplete}"` : ''}${opts.required ? html` aria-required="true"` : ''}`;
  return html`<div class="field"><label for="${id}">${label}${marker}</label>${opts.hint ? html`<p class="hint" id="${hintId}">${opts.hint}</p>` : ''}${fieldError(locale, errors, name)}${
    opts.textarea
      ? html`<textarea ${common} rows="5" maxlength="${opts.max ?? 4000}">${formText(body, name)}</textarea>`
      : html`<input type="${opts.type ?? 'text'}" ${common} value="${formText(body, name)}" maxlength="${opts.max ?? 200}">`
  }</div>`;
}

/** Nearby open requests of the same service, each with "add my support". */
function nearbyList(locale: Locale, duplicates: DuplicateCandidate[]): SafeHtml {
  return html`<section class="nearby" aria-labelledby="nearby-title">
<h2 id="nearby-title">${t(locale, 'portal.nearby.title')}</h2>
<p>${t(locale, 'portal.nearby.intro')}</p>
<ul>${duplicates.map(
    (d) => html`<li><p><a href="/track/${d.trackingNumber}">${d.trackingNumber}</a> — ${statusWords(locale, d.status)} · ${t(locale, 'portal.nearby.distance', { count: Math.round(d.distanceMeters) })} · ${t(locale, 'portal.nearby.supporters', { count: d.supportCount })}</p>
<form method="post" action="/track/${d.trackingNumber}/support"><button type="submit" aria-describedby="nearby-title">${t(locale, 'portal.support.button')} (${d.trackingNumber})</button></form></li>`,
  )}</ul>
</section>`;
}

interface FormState {
  body: Body;
  errors: FormError[];
  duplicates?: DuplicateCandidate[];
  /** Photos were sent with a form that comes back: they must be chosen again. */
  photosLost?: boolean;
  /** Addresses the typed one may mean ("Which address did you mean?"). */
  addressChoices?: AddressMatch[];
}

async function reportForm(deps: Deps, ctx: PageContext, service: CatalogService, state: FormState, opts: PortalOptions): Promise<SafeHtml> {
  const { locale } = ctx;
  const { body, errors } = state;
  const name = localized(service.name, locale);
  const urgent = service.defaultPriority === 'urgent' || service.defaultPriority === 'high';
  return html`
${urgent ? html`<p class="notice" role="note">${t(locale, 'portal.report.urgent')}</p>` : ''}
${errorSummary(locale, errors)}
<h1>${t(locale, 'portal.report.heading', { service: name })}</h1>
<p>${inLang(service.description, locale)}</p>
${state.duplicates?.length ? nearbyList(locale, state.duplicates) : ''}
<form method="post" action="/report/${service.code}?lang=${locale}" enctype="multipart/form-data" novalidate>
${await trapFields(deps, locale)}
${state.duplicates?.length ? html`<input type="hidden" name="confirm_new" value="1">` : ''}
<fieldset><legend>${t(locale, 'portal.report.about')}</legend>
${service.attributes.map((def) => attributeField(locale, def, body, errors))}
${textField(locale, 'description', t(locale, 'portal.report.description'), body, errors, { textarea: true, max: 4000 })}
</fieldset>
<fieldset><legend>${t(locale, 'portal.report.where')}</legend>
${textField(locale, 'address', t(locale, 'portal.report.address'), body, errors, { required: true, autocomplete: 'street-address', hint: t(locale, 'portal.report.addressHint'), max: 500 })}
${addressChoices(locale, state.addressChoices, errors)}${await locationScriptData(deps, locale, opts.geo, ctx.jurisdiction?.id ?? null)}
<details${formText(body, 'lat') || formText(body, 'long') ? html` open` : ''}><summary>${t(locale, 'portal.report.coordinates')}</summary>
${textField(locale, 'lat', t(locale, 'portal.report.lat'), body, errors, { max: 20 })}
${textField(locale, 'long', t(locale, 'portal.report.long'), body, errors, { max: 20 })}
</details>
</fieldset>
<fieldset><legend>${t(locale, 'portal.report.contact')}</legend>
<p class="hint">${t(locale, 'portal.report.anonymous')}</p>
${textField(locale, 'name', t(locale, 'portal.report.name'), body, errors, { autocomplete: 'name' })}
${textField(locale, 'email', t(locale, 'portal.report.email'), body, errors, { type: 'email', autocomplete: 'email', max: 254 })}
${textField(locale, 'phone', t(locale, 'portal.report.phone'), body, errors, { type: 'tel', autocomplete: 'tel', max: 40 })}
</fieldset>
${photoFields(locale, body, errors, state.photosLost === true)}
<button type="submit" id="f-submit">${state.duplicates?.length ? t(locale, 'portal.report.submitAnyway') : t(locale, 'portal.report.submit')}</button>
</form>`;
}

/** What to do for a service 311 answers itself or another agency handles. */
async function notAFormPage(deps: Deps, ctx: PageContext, service: CatalogService): Promise<SafeHtml> {
  const { locale } = ctx;
  const answer = localized(service.answer, locale);
  if (service.handling === 'resolve') {
    return html`<h1>${inLang(service.name, locale)}</h1><p>${inLang(service.description, locale)}</p><section aria-labelledby="answer-title"><h2 id="answer-title">${t(locale, 'portal.resolve.title')}</h2><p>${inLang(service.answer, locale)}</p></section><p><a href="/">${t(locale, 'portal.backHome')}</a></p>`;
  }
  const dept = await getDepartment(deps, service.departmentId).catch(() => null);
  const deptName = dept ? localized(dept.name as Record<string, string>, locale) : '';
  return html`<h1>${inLang(service.name, locale)}</h1><p>${inLang(service.description, locale)}</p>
<section aria-labelledby="refer-title"><h2 id="refer-title">${t(locale, 'portal.refer.title')}</h2>
${answer ? html`<p>${inLang(service.answer, locale)}</p>` : ''}
${dept ? html`<dl class="contact"><dt>${t(locale, 'portal.refer.agency')}</dt><dd>${dept ? inLang(dept.name as Record<string, string>, locale) : deptName}</dd>
${dept.phone ? html`<dt>${t(locale, 'portal.refer.phone')}</dt><dd><a href="tel:${dept.phone.replace(/[^\d+]/g, '')}">${dept.phone}</a></dd>` : ''}
${dept.email ? html`<dt>${t(locale, 'portal.refer.email')}</dt><dd><a href="mailto:${dept.email}">${dept.email}</a></dd>` : ''}
${dept.web ? html`<dt>${t(locale, 'portal.refer.web')}</dt><dd><a href="${dept.web}">${dept.web}</a></dd>` : ''}
${localized(dept.hours as Record<string, string>, locale) ? html`<dt>${t(locale, 'portal.refer.hours')}</dt><dd>${inLang(dept.hours as Record<string, string>, locale)}</dd>` : ''}
</dl>` : ''}
</section><p><a href="/">${t(locale, 'portal.backHome')}</a></p>`;
}

const COORD = /^\s*-?\d{1,3}(\.\d{1,12})?\s*$/;

/** A field's words for the error summary. */
function labelOf(locale: Locale, service: CatalogService, field: string): string {
  const m = /^attribute\[(.+)\]$/.exec(field);
  if (m) return localized(service.attributes.find((a) => a.code === m[1])?.description, locale) || (m[1] as string);
  const own: Record<string, string> = {
    description: 'portal.report.description', address: 'portal.report.address', lat: 'portal.report.lat', long: 'portal.report.long',
    location: 'portal.report.lat', 'requester.name': 'portal.report.name', 'requester.email': 'portal.report.email', 'requester.phone': 'portal.report.phone',
  };
  return own[field] ? t(locale, own[field] as string) : field;
}

/** Service field names → the form's own names, so the summary links reach the right control. */
const FORM_FIELD: Record<string, string> = { location: 'lat', 'requester.name': 'name', 'requester.email': 'email', 'requester.phone': 'phone' };

export function registerReportRoutes(app: FastifyInstance, deps: Deps, opts: PortalOptions): void {
  const { defaultLocale } = opts;
  const limiter = new RateLimiter(20, 3_600_000);

  app.get('/report', async (request, reply) => {
    const ctx = await pageContext(deps, request, reply, defaultLocale);
    const { locale } = ctx;
    const q = (request.query as Record<string, unknown>).q;
    if (typeof q === 'string' && q.trim()) {
      const { body, status } = await opts.searchPage(ctx, q);
      return sendPage(reply, ctx, { title: t(locale, 'portal.report.title'), path: '/report', body, status });
    }
    const services = ctx.jurisdiction ? (await listServices(deps, ctx.jurisdiction.id)).filter((s) => s.active && !s.confidential) : [];
    const groups = new Map<string, typeof services>();
    for (const s of [...services].sort((a, b) => localized(a.name, locale).localeCompare(localized(b.name, locale), locale))) {
      const g = localized(s.groupName, locale) || '—';
      groups.set(g, [...(groups.get(g) ?? []), s]);
    }
    const body = html`<h1>${t(locale, 'portal.report.title')}</h1>
<p>${t(locale, 'portal.report.pick')}</p>
<form class="search" method="get" action="/report" role="search"><label for="f-q">${t(locale, 'portal.search.label')}</label>
<div class="row"><input type="search" id="f-q" name="q" maxlength="200"><button type="submit">${t(locale, 'portal.search.button')}</button></div></form>
${whoToCall(locale)}
<h2>${t(locale, 'portal.report.browse')}</h2>
${[...groups].map(([g, list], i) => html`<section aria-labelledby="rg-${i}"><h3 id="rg-${i}">${list[0]?.groupName ? inLang(list[0].groupName, locale) : g}</h3><ul class="links">${list.map((s) => html`<li><a href="/report/${s.code}">${inLang(s.name, locale)}</a>${s.handling === 'intake' ? '' : html` <span class="badge">(${t(locale, `handling.${s.handling}`)})</span>`}</li>`)}</ul></section>`)}`;
    return sendPage(reply, ctx, { title: t(locale, 'portal.report.title'), path: '/report', body });
  });

  app.get<{ Params: { code: string } }>('/report/:code', async (request, reply) => {
    const ctx = await pageContext(deps, request, reply, defaultLocale);
    const service = await publicService(deps, ctx, request.params.code);
    if (!service) return notFoundPage(reply, ctx, '/report');
    const path = `/report/${service.code}`;
    const title = localized(service.name, ctx.locale);
    if (service.handling !== 'intake') return sendPage(reply, ctx, { title, path, body: await notAFormPage(deps, ctx, service) });
    return sendPage(reply, ctx, { title, path, scripts: pageScripts('report'), body: await reportForm(deps, ctx, service, { body: {}, errors: [] }, opts) });
  });

  app.post<{ Params: { code: string } }>('/report/:code', RESIDENT_FORM, async (request, reply) => {
    const ctx = await pageContext(deps, request, reply, defaultLocale);
    const { locale } = ctx;
    const service = await publicService(deps, ctx, request.params.code);
    if (!service || !ctx.jurisdiction) return notFoundPage(reply, ctx, '/report');
    const path = `/report/${service.code}`;
    const title = localized(service.name, locale);
    if (service.handling !== 'intake') return sendPage(reply, ctx, { title, path, body: await notAFormPage(deps, ctx, service) });
    const posted = await readReportForm(request, locale);
    const body = posted.body;
    const photosLost = posted.files.length > 0 || posted.errors.length > 0;
    let addressChoices: AddressMatch[] | undefined;
    const again = async (errors: FormError[], status: number, duplicates?: DuplicateCandidate[]) =>
      sendPage(reply, ctx, { title: errors.length ? `${t(locale, 'portal.errors.titlePrefix')} ${title}` : title, path, status, scripts: pageScripts('report'), body: await reportForm(deps, ctx, service, { body, errors, duplicates, photosLost, addressChoices }, opts) });

    const verdict = await trapVerdict(deps, body);
    if (verdict === 'robot') return again([{ field: 'submit', message: t(locale, 'portal.trap.robot') }], 400);
    if (verdict) return again([{ field: 'submit', message: t(locale, `portal.trap.${verdict}`) }], 400);
    const wait = limiter.hit(request.ip, deps.clock.now());
    if (wait) return again([{ field: 'submit', message: t(locale, 'portal.trap.rate', { minutes: Math.ceil(wait / 60) }) }], 429);

    const errors: FormError[] = [];
    let address = formText(body, 'address').trim();
    const latText = formText(body, 'lat').trim();
    const longText = formText(body, 'long').trim();
    let location: { lat: number; long: number } | undefined;
    if (latText || longText) {
      if (!COORD.test(latText)) errors.push({ field: 'lat', message: t(locale, 'portal.problem.coordinate', { title: t(locale, 'portal.report.lat') }) });
      if (!COORD.test(longText)) errors.push({ field: 'long', message: t(locale, 'portal.problem.coordinate', { title: t(locale, 'portal.report.long') }) });
      if (!errors.length) location = { lat: Number(latText), long: Number(longText) };
    }
    if (!address && !latText && !longText) errors.push({ field: 'address', message: t(locale, 'portal.problem.where') });
    // An address without coordinates is looked up: placed, a choice to make, or kept as free text.
    if (address && !latText && !longText && !errors.length) {
      const placed = await placeAddress(deps, opts.geo, body, address);
      if (placed.kind === 'placed') {
        ({ address, location } = placed);
        // Carried in the form if it comes back (nearby reports), so the choice is not asked again.
        Object.assign(body, { address, lat: location.lat.toFixed(6), long: location.long.toFixed(6) });
      }
      if (placed.kind === 'choose') {
        addressChoices = placed.choices;
        return again([choiceError(locale)], 400);
      }
    }

    const attributes: Record<string, unknown> = {};
    for (const def of service.attributes.filter((d) => d.variable)) {
      const name = attrName(def.code);
      if (def.datatype === 'multivaluelist') {
        const values = listValue(body, name);
        if (values.length) attributes[def.code] = values;
      } else {
        const raw = formText(body, name).trim();
        if (!raw) continue;
        if (def.datatype === 'datetime' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(raw)) {
          // datetime-local is the resident's wall-clock time: in the city's time zone.
          attributes[def.code] = DateTime.fromISO(raw, { zone: ctx.jurisdiction.timeZone }).toISO() ?? raw;
        } else attributes[def.code] = raw;
      }
    }

    const label = (field: string) => labelOf(locale, service, field);
    const toFormError = (p: FieldProblem): FormError => {
      const e = translateProblem(locale, { ...p, field: FORM_FIELD[p.field] ?? p.field }, () => label(p.field));
      return e;
    };
    errors.push(...posted.errors);
    const { photos, errors: photoErrors } = posted.errors.length ? { photos: [], errors: [] } : await processReportPhotos(locale, posted);
    errors.push(...photoErrors);
    if (location && !formText(body, 'confirm_new') && !errors.length) {
      const duplicates = await findDuplicateCandidates(deps, { jurisdictionId: ctx.jurisdiction.id, serviceCode: service.code, location, limit: 5 }).catch((error: unknown) => {
        if (error instanceof ValidationError) {
          errors.push(...error.problems.map(toFormError));
          return [];
        }
        throw error;
      });
      if (duplicates.length) return again(errors, 200, duplicates);
    }
    if (errors.length) return again(errors, 400);

    const name = formText(body, 'name').trim();
    const email = formText(body, 'email').trim();
    const phone = formText(body, 'phone').trim();
    try {
      const created = await createServiceRequest(deps, {
        jurisdictionId: ctx.jurisdiction.id,
        serviceCode: service.code,
        channel: 'web',
        description: formText(body, 'description'),
        address: address || undefined,
        location,
        attributes,
        requester: name || email || phone ? { name: name || undefined, email: email || undefined, phone: phone || undefined } : undefined,
        locale,
        // The signed form start time names this one filling of the form: a double submit makes one request.
        idempotencyKey: `portal:${formText(body, TIME_TRAP)}`,
      });
      // A double submit is the same request: the same photos are stored once.
      await attachPhotos(deps, created.request.id, photos, { public: true, uploadedBy: 'resident' });
      return reply.redirect(`/report/received/${created.request.trackingNumber}?lang=${locale}`, 303);
    } catch (error) {
      if (error instanceof ValidationError) return again(error.problems.map(toFormError), 400);
      if (error instanceof AppError && error.status < 500) return again([{ field: 'submit', message: t(locale, 'portal.problem.invalid', { title }) }], error.status);
      throw error;
    }
  });

  app.get<{ Params: { number: string } }>('/report/received/:number', async (request, reply) => {
    const ctx = await pageContext(deps, request, reply, defaultLocale);
    const { locale } = ctx;
    const found = /^[A-Za-z0-9-]{1,40}$/.test(request.params.number) ? await getServiceRequest(deps, request.params.number).catch(() => null) : null;
    if (!found || found.confidential) return notFoundPage(reply, ctx, '/report');
    const body = html`<div class="confirmation" role="status"><h1>${t(locale, 'portal.received.title')}</h1>
<p>${t(locale, 'portal.received.number')}</p><p class="tracking"><strong>${found.trackingNumber}</strong></p></div>
<p>${t(locale, 'portal.received.keep')}</p>
${found.location ? '' : html`<p class="notice" role="note">${t(locale, 'portal.location.unplaced')}</p>`}
<p>${t(locale, 'portal.received.email')}</p>
<p><a href="/track/${found.trackingNumber}">${t(locale, 'portal.received.track')}</a></p>
<p><a href="/">${t(locale, 'portal.backHome')}</a></p>`;
    return sendPage(reply, ctx, { title: t(locale, 'portal.received.title'), path: `/report/received/${found.trackingNumber}`, body });
  });
}
