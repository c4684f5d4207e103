import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api.ts';
import { ErrorNote, Field, TextField } from '../../components.tsx';
import { t } from '../../i18n.ts';
import { linkClick } from '../../router.ts';
import { CustomerLookup } from './customer-lookup.tsx';
import { CHANNELS, formatPhone, LANGUAGES, searchCustomers, type Contact, type CustomerSummary } from './desk-api.ts';
import { Waiting } from './waiting.tsx';

/** Minutes and seconds since the contact started, ticking. */
function Elapsed({ since }: { since: string }): JSX.Element {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const s = Math.max(0, Math.floor((now - new Date(since).getTime()) / 1000));
  return <span class="clock">{`${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`}</span>;
}

/** A new customer typed in during the call; an existing profile with that phone or e-mail is used instead. */
function NewCustomer(props: { onCreated: (c: CustomerSummary) => void; onCancel: () => void }): JSX.Element {
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      const body = { ...(name.trim() ? { name: name.trim() } : {}), ...(phone.trim() ? { phones: [phone.trim()] } : {}), ...(email.trim() ? { emails: [email.trim()] } : {}) };
      const r = await api<{ customer: CustomerSummary }>('POST', '/api/v1/customers', body);
      props.onCreated(r.customer);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'duplicate_customer') {
        const existing = (await searchCustomers(phone.trim() || email.trim(), 1)).customers[0];
        if (existing) return props.onCreated(existing);
      }
      setError(err);
    }
  };
  return (
    <form class="new-customer" onSubmit={submit} aria-labelledby="desk-new-customer">
      <h3 id="desk-new-customer">{t('desk.customer.new')}</h3>
      <ErrorNote error={error} />
      <TextField name="desk-cust-name" label={t('desk.customer.name')} value={name} onValue={setName} autoComplete="off" />
      <TextField name="desk-cust-phone" label={t('desk.customer.phone')} type="tel" value={phone} onValue={setPhone} />
      <TextField name="desk-cust-email" label={t('desk.customer.email')} type="email" value={email} onValue={setEmail} />
      <div class="toolbar">
        <button type="submit">{t('desk.customer.save')}</button>
        <button type="button" class="secondary" onClick={props.onCancel}>
          {t('desk.close.back')}
        </button>
      </div>
    </form>
  );
}

/** The caller column: channel and the contact clock, who is calling, their language. */
export function CallerPanel(props: {
  channel: string;
  onChannel: (c: string) => void;
  contact: Contact | null;
  busy: boolean;
  onStart: () => void;
  startRef: { current: HTMLButtonElement | null };
  lookupRef: { current: HTMLInputElement | null };
  customer: CustomerSummary | null;
  onCustomer: (c: CustomerSummary | null) => void;
  language: string;
  onLanguage: (l: string) => void;
  interpreter: boolean;
  onInterpreter: (v: boolean) => void;
  onTake: (c: Contact) => void;
  waitingKey: number;
}): JSX.Element {
  const [adding, setAdding] = useState(false);
  const { contact, customer } = props;
  return (
    <section class="desk-col" aria-labelledby="desk-caller-title">
      <h2 id="desk-caller-title">{t('desk.caller.title')}</h2>
      {!contact ? (
        <>
          <Field name="desk-channel" label={t('desk.caller.channel')}>
            {({ id }) => (
              <select id={id} value={props.channel} onChange={(e) => props.onChannel(e.currentTarget.value)}>
                {CHANNELS.map((c) => (
                  <option key={c} value={c}>
                    {t(`desk.channel.${c}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button type="button" ref={props.startRef} onClick={props.onStart} disabled={props.busy} aria-keyshortcuts="Alt+N">
            {t('desk.caller.start')}
          </button>
          <Waiting onTake={props.onTake} reloadKey={props.waitingKey} />
        </>
      ) : (
        <>
          <p class="contact-status">
            {t('desk.caller.inProgress', { channel: t(`desk.channel.${contact.channel}`) })} <Elapsed since={contact.startedAt} />
          </p>
          {customer ? (
            <div class="customer-card">
              <p>
                <strong>{customer.name ?? t('desk.customer.unnamed')}</strong>
                <br />
                {[customer.phones.map(formatPhone).join(', '), customer.emails.join(', ')].filter(Boolean).join(' · ')}
              </p>
              <p class="toolbar">
                <a href={`/console/customers/${customer.id}`} onClick={linkClick} target="_blank" rel="noopener">
                  {t('desk.customer.profile')}
                </a>
                <button type="button" class="link" onClick={() => props.onCustomer(null)}>
                  {t('desk.customer.change')}
                </button>
              </p>
            </div>
          ) : adding ? (
            <NewCustomer onCreated={(c) => (setAdding(false), props.onCustomer(c))} onCancel={() => setAdding(false)} />
          ) : (
            <>
              <CustomerLookup id="desk-lookup" inputRef={props.lookupRef} onPick={props.onCustomer} />
              <p class="toolbar">
                <button type="button" class="secondary" onClick={() => setAdding(true)}>
                  {t('desk.customer.new')}
                </button>
                <span class="hint">{t('desk.customer.anonymous')}</span>
              </p>
            </>
          )}
          <Field name="desk-language" label={t('desk.caller.language')}>
            {({ id }) => (
              <select id={id} value={props.language} onChange={(e) => props.onLanguage(e.currentTarget.value)}>
                <option value="">{t('desk.caller.languageUnknown')}</option>
                {LANGUAGES.map((l) => (
                  <option key={l} value={l} lang={l}>
                    {new Intl.DisplayNames([l], { type: 'language' }).of(l) ?? l}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <label class="check">
            <input type="checkbox" checked={props.interpreter} onChange={(e) => props.onInterpreter(e.currentTarget.checked)} /> {t('desk.caller.interpreter')}
          </label>
        </>
      )}
    </section>
  );
}
