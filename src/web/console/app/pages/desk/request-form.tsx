import type { JSX } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, ApiError, query } from '../../api.ts';
import { announce, ErrorNote, ErrorSummary, Field, TextField, useAsync, type FieldError } from '../../components.tsx';
import { locale, t } from '../../i18n.ts';
import { localized, type CustomerSummary, type Localized } from './desk-api.ts';

interface ServiceItem {
  code: string;
  name: Localized;
  keywords: string[];
  active: boolean;
  handling: string;
}
interface Attribute {
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  variable: boolean;
  description: Localized;
  values: Array<{ key: string; name: Localized }>;
}
interface Duplicate {
  id: number;
  trackingNumber: string;
  status: string;
  supportCount: number;
  distanceMeters: number;
}
/** A request this contact created or supported. */
export interface Linked {
  trackingNumber: string;
  supported: boolean;
}

/**
 * Creating a request on the caller's behalf: service picker with search, the service's questions,
 * address (looked up in the gazetteer) and position, description. Duplicate candidates near the
 * position are shown before submitting, each with "Add support instead".
 */
export function RequestForm(props: { customer: CustomerSummary | null; initialService: string | null; onDone: (linked: Linked) => void }): JSX.Element {
  const services = useAsync(() => api<{ services: ServiceItem[] }>('GET', '/api/v1/services'), []);
  const [filter, setFilter] = useState('');
  const [code, setCode] = useState(props.initialService ?? '');
  const [attributes, setAttributes] = useState<Attribute[]>([]);
  const [answers, setAnswers] = useState<Record<string, string | string[]>>({});
  const [address, setAddress] = useState('');
  const [matches, setMatches] = useState<Array<{ label: string; lat: number; long: number }>>([]);
  const [lat, setLat] = useState('');
  const [long, setLong] = useState('');
  const [description, setDescription] = useState('');
  const [duplicates, setDuplicates] = useState<Duplicate[] | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => setCode(props.initialService ?? ''), [props.initialService]);
  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    const all = (services.data?.services ?? []).filter((s) => s.active && s.handling !== 'resolve');
    return f ? all.filter((s) => localized(s.name, locale).toLowerCase().includes(f) || s.code.toLowerCase().includes(f) || s.keywords.some((k) => k.toLowerCase().includes(f))) : all;
  }, [filter, services.data]);
  useEffect(() => {
    if (filter && shown[0] && !shown.some((s) => s.code === code)) setCode(shown[0].code);
  }, [shown]);
  useEffect(() => {
    setAttributes([]);
    setAnswers({});
    if (!code) return;
    api<{ service: { attributes: Attribute[] } }>('GET', `/api/v1/services/${encodeURIComponent(code)}`).then((r) => setAttributes(r.service.attributes), setError);
  }, [code]);
  useEffect(() => {
    setDuplicates(null);
    const la = Number(lat);
    const lo = Number(long);
    if (!code || lat === '' || long === '' || !Number.isFinite(la) || !Number.isFinite(lo)) return;
    const timer = setTimeout(() => {
      api<{ duplicates: Duplicate[] }>('GET', `/api/v1/requests/duplicates${query({ service_code: code, lat: la, long: lo, limit: 5 })}`).then((r) => {
        setDuplicates(r.duplicates);
        if (r.duplicates.length) announce(t('desk.request.duplicatesFound', { count: r.duplicates.length }));
      }, setError);
    }, 300);
    return () => clearTimeout(timer);
  }, [code, lat, long]);

  async function findAddress() {
    try {
      const r = await api<{ results: Array<{ label: string; lat: number; long: number }> }>('GET', `/api/v1/geocode${query({ q: address, limit: 5 })}`);
      setMatches(r.results);
      announce(t('desk.request.addressMatches', { count: r.results.length }));
    } catch (e) {
      setError(e);
    }
  }

  const requester = () => {
    const c = props.customer;
    if (!c) return undefined;
    return { ...(c.name ? { name: c.name } : {}), ...(c.emails[0] ? { email: c.emails[0] } : {}), ...(c.phones[0] ? { phone: `+${c.phones[0]}` } : {}) };
  };

  async function support(d: Duplicate) {
    setBusy(true);
    try {
      const who = requester();
      await api('POST', `/api/v1/requests/${encodeURIComponent(d.trackingNumber)}/support`, { channel: 'phone', ...(who ? { supporter: who } : {}), ...(description.trim() ? { comment: description.trim() } : {}) });
      announce(t('desk.request.supported', { ref: d.trackingNumber }));
      props.onDone({ trackingNumber: d.trackingNumber, supported: true });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setErrors([]);
    try {
      const attrs = Object.fromEntries(Object.entries(answers).filter(([, v]) => (Array.isArray(v) ? v.length : v !== '')).map(([k, v]) => [k, attributes.find((a) => a.code === k)?.datatype === 'number' ? Number(v) : v]));
      const who = requester();
      const body = {
        serviceCode: code,
        channel: 'phone',
        description: description.trim(),
        attributes: attrs,
        ...(address.trim() ? { address: address.trim() } : {}),
        ...(lat !== '' && long !== '' ? { location: { lat: Number(lat), long: Number(long) } } : {}),
        ...(who ? { requester: who } : {}),
      };
      const r = await api<{ request: { trackingNumber: string } }>('POST', '/api/v1/requests', body);
      announce(t('desk.request.created', { ref: r.request.trackingNumber }));
      props.onDone({ trackingNumber: r.request.trackingNumber, supported: false });
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        const problems = err.problems.length ? err.problems : [{ field: err.field ?? 'body', message: err.message }];
        setErrors(problems.map((p) => ({ field: `desk-req-${fieldOf(p.field)}`, message: p.message })));
      } else setError(err);
    } finally {
      setBusy(false);
    }
  }

  const fieldError = (name: string) => errors.find((e) => e.field === `desk-req-${name}`)?.message;
  return (
    <form onSubmit={submit} aria-labelledby="desk-request-title" class="desk-request" noValidate>
      <h3 id="desk-request-title">{t('desk.request.title')}</h3>
      <ErrorSummary errors={errors.map((e) => ({ ...e, field: e.field }))} />
      <ErrorNote error={error ?? services.error} />
      <TextField name="desk-req-filter" label={t('desk.request.findService')} type="search" value={filter} onValue={setFilter} />
      <Field name="desk-req-serviceCode" label={t('desk.request.service')} error={fieldError('serviceCode')}>
        {({ id, describedBy }) => (
          <select id={id} aria-describedby={describedBy} value={code} onChange={(e) => setCode(e.currentTarget.value)} required>
            <option value="">{t('desk.request.chooseService')}</option>
            {shown.map((s) => (
              <option key={s.code} value={s.code}>
                {localized(s.name, locale)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {attributes.map((a) => (
        <AttributeField key={a.code} a={a} value={answers[a.code]} error={fieldError(`attributes.${a.code}`)} onValue={(v) => setAnswers((x) => ({ ...x, [a.code]: v }))} />
      ))}
      <TextField name="desk-req-address" label={t('desk.request.address')} value={address} onValue={setAddress} error={fieldError('address')} />
      <button type="button" class="secondary" onClick={() => void findAddress()} disabled={address.trim().length < 3}>
        {t('desk.request.findAddress')}
      </button>
      {matches.length ? (
        <ul class="address-matches" aria-label={t('desk.request.addressResults')}>
          {matches.map((m) => (
            <li key={m.label}>
              <button type="button" class="link" onClick={() => (setAddress(m.label), setLat(String(m.lat)), setLong(String(m.long)), setMatches([]))}>
                {m.label}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div class="grid-2">
        <TextField name="desk-req-lat" label={t('desk.request.lat')} type="number" value={lat} onValue={setLat} error={fieldError('location')} />
        <TextField name="desk-req-long" label={t('desk.request.long')} type="number" value={long} onValue={setLong} />
      </div>
      <Field name="desk-req-description" label={t('desk.request.description')} error={fieldError('description')}>
        {({ id, describedBy }) => <textarea id={id} aria-describedby={describedBy} rows={3} value={description} onInput={(e) => setDescription(e.currentTarget.value)} />}
      </Field>
      {duplicates?.length ? (
        <section class="duplicates" aria-labelledby="desk-dup-title">
          <h4 id="desk-dup-title">{t('desk.request.duplicates')}</h4>
          <ul>
            {duplicates.map((d) => (
              <li key={d.id}>
                <span>{t('desk.request.duplicate', { ref: d.trackingNumber, status: d.status, meters: Math.round(d.distanceMeters), supporters: d.supportCount })}</span>{' '}
                <button type="button" onClick={() => void support(d)} disabled={busy}>
                  {t('desk.request.addSupport', { ref: d.trackingNumber })}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <button type="submit" disabled={busy || !code}>
        {t('desk.request.submit')}
      </button>
    </form>
  );
}

/** The form field an API error names: body.location.lat → location, body.attributes.SIZE → attributes.SIZE. */
function fieldOf(apiField: string): string {
  const f = apiField.replace(/^body\./, '');
  return f.startsWith('attributes.') ? f.split('.').slice(0, 2).join('.') : (f.split('.')[0] ?? f);
}

function AttributeField(props: { a: Attribute; value: string | string[] | undefined; error?: string; onValue: (v: string | string[]) => void }): JSX.Element {
  const { a } = props;
  const label = `${localized(a.description, locale)}${a.required ? ` ${t('desk.request.required')}` : ''}`;
  const name = `desk-req-attributes.${a.code}`;
  if (!a.variable) return <p class="hint">{localized(a.description, locale)}</p>;
  if (a.datatype === 'singlevaluelist') {
    return (
      <Field name={name} label={label} error={props.error}>
        {({ id, describedBy }) => (
          <select id={id} aria-describedby={describedBy} value={(props.value as string) ?? ''} onChange={(e) => props.onValue(e.currentTarget.value)}>
            <option value="">{t('desk.request.choose')}</option>
            {a.values.map((v) => (
              <option key={v.key} value={v.key}>
                {localized(v.name, locale)}
              </option>
            ))}
          </select>
        )}
      </Field>
    );
  }
  if (a.datatype === 'multivaluelist') {
    const chosen = (props.value as string[] | undefined) ?? [];
    return (
      <fieldset class="field" id={`f-${name}`}>
        <legend>{label}</legend>
        {props.error ? <p class="error">{props.error}</p> : null}
        {a.values.map((v) => (
          <label key={v.key} class="check">
            <input type="checkbox" checked={chosen.includes(v.key)} onChange={(e) => props.onValue(e.currentTarget.checked ? [...chosen, v.key] : chosen.filter((k) => k !== v.key))} /> {localized(v.name, locale)}
          </label>
        ))}
      </fieldset>
    );
  }
  if (a.datatype === 'text') {
    return (
      <Field name={name} label={label} error={props.error}>
        {({ id, describedBy }) => <textarea id={id} aria-describedby={describedBy} rows={2} value={(props.value as string) ?? ''} onInput={(e) => props.onValue(e.currentTarget.value)} />}
      </Field>
    );
  }
  return <TextField name={name} label={label} type={a.datatype === 'number' ? 'number' : a.datatype === 'datetime' ? 'datetime-local' : 'text'} value={(props.value as string) ?? ''} onValue={props.onValue} error={props.error} />;
}
