import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api.ts';
import type { ScreenProps } from '../../nav.ts';
import { announce, ErrorNote, Field, Loading, TextField, useAsync } from '../../components.tsx';
import { formatDateTime, t } from '../../i18n.ts';
import { linkClick } from '../../router.ts';
import { formatPhone, type Contact, type Customer, type CustomerRequest } from '../desk/desk-api.ts';

interface Profile {
  customer: Customer;
  contacts: Contact[];
  contactTotal: number;
  requests: CustomerRequest[];
}

const list = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);

/** The profile form: contact details, language, accessibility needs and consent; saved with the version read. */
function EditProfile({ customer, onSaved }: { customer: Customer; onSaved: () => void }): JSX.Element {
  const [v, setV] = useState({
    name: customer.name ?? '',
    phones: customer.phones.join(', '),
    emails: customer.emails.join(', '),
    address: customer.address ?? '',
    preferredLanguage: customer.preferredLanguage ?? '',
    accessibilityNeeds: customer.accessibilityNeeds ?? '',
    notes: customer.notes ?? '',
    consentToContact: customer.consentToContact,
  });
  const [error, setError] = useState<unknown>(null);
  const set = (k: keyof typeof v) => (value: string) => setV((x) => ({ ...x, [k]: value }));
  const save = async (e: Event) => {
    e.preventDefault();
    try {
      await api('PATCH', `/api/v1/customers/${customer.id}`, {
        expectedVersion: customer.version,
        name: v.name.trim() || null,
        phones: list(v.phones),
        emails: list(v.emails),
        address: v.address.trim() || null,
        preferredLanguage: v.preferredLanguage.trim() || null,
        accessibilityNeeds: v.accessibilityNeeds.trim() || null,
        notes: v.notes.trim() || null,
        consentToContact: v.consentToContact,
      });
      announce(t('customer.saved'));
      setError(null);
      onSaved();
    } catch (err) {
      setError(err instanceof ApiError && err.code === 'stale_version' ? new ApiError(409, err.code, t('customer.stale')) : err);
    }
  };
  return (
    <form onSubmit={save} aria-labelledby="customer-edit-title" class="panel">
      <h2 id="customer-edit-title">{t('customer.edit')}</h2>
      <ErrorNote error={error} />
      <TextField name="cust-name" label={t('desk.customer.name')} value={v.name} onValue={set('name')} />
      <TextField name="cust-phones" label={t('customer.phones')} hint={t('customer.listHint')} value={v.phones} onValue={set('phones')} />
      <TextField name="cust-emails" label={t('customer.emails')} hint={t('customer.listHint')} value={v.emails} onValue={set('emails')} />
      <TextField name="cust-address" label={t('customers.address')} value={v.address} onValue={set('address')} />
      <TextField name="cust-language" label={t('customer.language')} hint={t('customer.languageHint')} value={v.preferredLanguage} onValue={set('preferredLanguage')} />
      <Field name="cust-access" label={t('customer.accessibility')}>
        {({ id }) => <textarea id={id} rows={2} value={v.accessibilityNeeds} onInput={(e) => set('accessibilityNeeds')(e.currentTarget.value)} />}
      </Field>
      <Field name="cust-notes" label={t('desk.close.notes')}>
        {({ id }) => <textarea id={id} rows={2} value={v.notes} onInput={(e) => set('notes')(e.currentTarget.value)} />}
      </Field>
      <label class="check">
        <input type="checkbox" checked={v.consentToContact} onChange={(e) => setV((x) => ({ ...x, consentToContact: e.currentTarget.checked }))} /> {t('customer.consent')}
      </label>
      <button type="submit">{t('customer.save')}</button>
    </form>
  );
}

/** A customer's profile: details (editable), every contact and every request. */
export default function CustomerProfile({ params }: ScreenProps): JSX.Element {
  const id = params.id ?? '';
  const profile = useAsync(() => api<Profile>('GET', `/api/v1/customers/${encodeURIComponent(id)}`), [id]);
  const [merge, setMerge] = useState('');
  const [mergeError, setMergeError] = useState<unknown>(null);
  const c = profile.data?.customer;
  useEffect(() => {
    if (c) document.title = `${c.name ?? t('desk.customer.unnamed')} — ${t('customers.title')}`;
  }, [c?.name]);
  if (!profile.data) return profile.error ? <><h1>{t('customer.title')}</h1><ErrorNote error={profile.error} /></> : <><h1>{t('customer.title')}</h1><Loading /></>;
  const p = profile.data;
  const doMerge = async (e: Event) => {
    e.preventDefault();
    try {
      await api('POST', `/api/v1/customers/${p.customer.id}/merge`, { from: Number(merge) });
      announce(t('customer.merged'));
      setMerge('');
      setMergeError(null);
      profile.reload();
    } catch (err) {
      setMergeError(err);
    }
  };
  return (
    <div>
      <h1>{p.customer.name ?? t('desk.customer.unnamed')}</h1>
      {p.customer.mergedIntoId ? (
        <p class="notice">
          <a href={`/console/customers/${p.customer.mergedIntoId}`} onClick={linkClick}>
            {t('customer.mergedInto', { id: p.customer.mergedIntoId })}
          </a>
        </p>
      ) : null}
      <dl class="facts">
        <dt>{t('customer.phones')}</dt>
        <dd>{p.customer.phones.map(formatPhone).join(', ') || '—'}</dd>
        <dt>{t('customer.emails')}</dt>
        <dd>{p.customer.emails.join(', ') || '—'}</dd>
        <dt>{t('customer.consent')}</dt>
        <dd>{p.customer.consentToContact ? t('customer.yes') : t('customer.no')}</dd>
      </dl>
      <div class="grid-2">
        <EditProfile key={p.customer.version} customer={p.customer} onSaved={profile.reload} />
        <div>
          <h2>{t('customer.requests', { count: p.requests.length })}</h2>
          {p.requests.length ? (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('customer.tracking')}</th>
                  <th scope="col">{t('customer.service')}</th>
                  <th scope="col">{t('customer.status')}</th>
                  <th scope="col">{t('customer.created')}</th>
                </tr>
              </thead>
              <tbody>
                {p.requests.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">
                      <a href={`/console/requests/${r.trackingNumber}`} onClick={linkClick}>
                        {r.trackingNumber}
                      </a>
                    </th>
                    <td>{r.serviceCode}</td>
                    <td>{r.status}</td>
                    <td>{formatDateTime(r.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>{t('customer.noRequests')}</p>
          )}
          <h2>{t('customer.contacts', { count: p.contactTotal })}</h2>
          {p.contacts.length ? (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('customer.when')}</th>
                  <th scope="col">{t('desk.caller.channel')}</th>
                  <th scope="col">{t('desk.close.outcome')}</th>
                  <th scope="col">{t('customer.topics')}</th>
                </tr>
              </thead>
              <tbody>
                {p.contacts.map((x) => (
                  <tr key={x.id}>
                    <th scope="row">{formatDateTime(x.startedAt)}</th>
                    <td>{t(`desk.channel.${x.channel}`)}</td>
                    <td>{x.outcome ? t(`desk.outcome.${x.outcome}`) : t('customer.open')}</td>
                    <td>{x.topics.map((tp) => tp.ref).join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>{t('customer.noContacts')}</p>
          )}
          <form onSubmit={doMerge} class="panel" aria-labelledby="customer-merge-title">
            <h2 id="customer-merge-title">{t('customer.mergeTitle')}</h2>
            <ErrorNote error={mergeError} />
            <TextField name="cust-merge" label={t('customer.mergeFrom')} hint={t('customer.mergeHint')} type="number" value={merge} onValue={setMerge} />
            <button type="submit" class="secondary" disabled={!merge}>
              {t('customer.merge')}
            </button>
          </form>
        </div>
      </div>
    </div>
  );
}
