import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, query } from '../../api.ts';
import { announce, ErrorNote, Loading, TextField, useAsync } from '../../components.tsx';
import { t } from '../../i18n.ts';
import { linkClick } from '../../router.ts';
import { formatPhone, type CustomerSummary } from '../desk/desk-api.ts';

/** Customer search (Alt+U): names, phone digits or e-mail as you type; the latest profiles before anything is typed. */
export default function Customers(): JSX.Element {
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(q.trim()), 200);
    return () => clearTimeout(timer);
  }, [q]);
  const result = useAsync(() => (debounced.length === 1 ? Promise.resolve({ customers: [] as CustomerSummary[] }) : api<{ customers: CustomerSummary[] }>('GET', `/api/v1/customers${query({ q: debounced || undefined, limit: 25 })}`)), [debounced]);
  useEffect(() => {
    if (result.data && debounced) announce(t('customers.found', { count: result.data.customers.length }));
  }, [result.data]);
  const rows = result.data?.customers ?? [];
  return (
    <div>
      <h1>{t('customers.title')}</h1>
      <TextField name="customers-q" label={t('customers.search')} hint={t('desk.lookup.hint')} type="search" value={q} onValue={setQ} />
      <ErrorNote error={result.error} />
      {result.loading && !result.data ? <Loading /> : null}
      <h2>{debounced ? t('customers.results') : t('customers.recent')}</h2>
      {rows.length ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('desk.customer.name')}</th>
              <th scope="col">{t('desk.customer.phone')}</th>
              <th scope="col">{t('desk.customer.email')}</th>
              <th scope="col">{t('customers.address')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  <a href={`/console/customers/${c.id}`} onClick={linkClick}>
                    {c.name ?? t('desk.customer.unnamed')}
                  </a>
                </th>
                <td>{c.phones.map(formatPhone).join(', ')}</td>
                <td>{c.emails.join(', ')}</td>
                <td>{c.address ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : result.data ? (
        <p>{t('desk.lookup.none')}</p>
      ) : null}
    </div>
  );
}
