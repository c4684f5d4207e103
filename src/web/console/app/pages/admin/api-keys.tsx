import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { announce, ErrorNote, ErrorSummary, Loading, TextField, useAsync } from '../../components.tsx';
import { Confirm, Modal } from '../../components/modal.tsx';
import { formatDateTime, t } from '../../i18n.ts';
import { AdminNav, errorFor, fieldErrors, onLists } from './common.tsx';
import './admin.css';

interface ApiKey {
  id: number;
  name: string;
  prefix: string;
  scopes: string[];
  rateLimitPerMinute: number | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
interface Permission {
  id: string;
  description: string;
  apiKeyScope: boolean;
}

/** API keys for other programs: list (never secrets), create with scopes (secret shown once), revoke. */
export default function ApiKeys(): JSX.Element {
  const keys = useAsync(() => api<{ apiKeys: ApiKey[] }>('GET', '/api/v1/api-keys').then((r) => r.apiKeys), []);
  const permissions = useAsync(() => api<{ permissions: Permission[] }>('GET', '/api/v1/permissions').then((r) => r.permissions.filter((p) => p.apiKeyScope)), []);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [revokeError, setRevokeError] = useState<unknown>(null);
  const revoke = async (): Promise<void> => {
    if (!revoking) return;
    setRevokeError(null);
    try {
      await api('DELETE', `/api/v1/api-keys/${revoking.id}`);
      announce(t('admin.keys.revoked', { name: revoking.name }));
      keys.reload();
    } catch (e) {
      setRevokeError(e);
    }
    setRevoking(null);
  };
  return (
    <>
      <h1>{t('admin.keys.title')}</h1>
      <AdminNav current="/console/admin/api-keys" />
      <p>{t('admin.keys.intro')}</p>
      <div class="actions">
        <button type="button" onClick={() => setCreating(true)}>
          {t('admin.keys.new')}
        </button>
      </div>
      <ErrorNote error={keys.error ?? revokeError} />
      {keys.loading && !keys.data ? <Loading /> : null}
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">{t('admin.keys.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.keys.name')}</th>
              <th scope="col">{t('admin.keys.prefix')}</th>
              <th scope="col">{t('admin.keys.scopes')}</th>
              <th scope="col">{t('admin.keys.created')}</th>
              <th scope="col">{t('admin.keys.lastUsed')}</th>
              <th scope="col">{t('admin.keys.state')}</th>
              <th scope="col">{t('admin.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {(keys.data ?? []).map((k) => (
              <tr key={k.id}>
                <th scope="row">{k.name}</th>
                <td>
                  <code>fdk_{k.prefix}</code>
                </td>
                <td>{k.scopes.join(', ')}</td>
                <td>{formatDateTime(k.createdAt)}</td>
                <td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : t('admin.users.never')}</td>
                <td>{k.revokedAt ? <span class="badge danger">{t('admin.keys.revokedAt', { when: formatDateTime(k.revokedAt) })}</span> : t('admin.keys.activeState')}</td>
                <td>
                  {k.revokedAt ? null : (
                    <button type="button" class="secondary" aria-label={t('admin.keys.revokeNamed', { name: k.name })} onClick={() => setRevoking(k)}>
                      {t('admin.keys.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {creating ? <CreateKey permissions={permissions.data ?? []} onClose={() => setCreating(false)} onCreated={() => keys.reload()} /> : null}
      <Confirm
        id="revoke-key"
        open={revoking !== null}
        title={t('admin.keys.revokeTitle')}
        body={revoking ? t('admin.keys.revokeBody', { name: revoking.name }) : ''}
        confirmLabel={t('admin.keys.revoke')}
        cancelLabel={t('common.cancel')}
        onConfirm={() => void revoke()}
        onCancel={() => setRevoking(null)}
      />
    </>
  );
}

function CreateKey(props: { permissions: Permission[]; onClose: () => void; onCreated: () => void }): JSX.Element {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>([]);
  const [rate, setRate] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const [copied, setCopied] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const errors = onLists(fieldErrors(error), ['scopes']);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ apiKey: ApiKey; key: string }>('POST', '/api/v1/api-keys', { name, scopes, ...(rate.trim() ? { rateLimitPerMinute: Number(rate) } : {}) });
      setSecret(r.key);
      announce(t('admin.keys.created', { name: r.apiKey.name }));
      props.onCreated();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const copy = async (): Promise<void> => {
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(t('admin.keys.copied'));
    } catch {
      setCopied(t('admin.keys.copyFailed'));
    }
    announce(t('admin.keys.copied'));
  };
  if (secret)
    return (
      <Modal id="create-key" open title={t('admin.keys.createdTitle')} onClose={props.onClose}>
        <p class="warning">{t('admin.keys.once')}</p>
        <p id="secret-label">{t('admin.keys.secret')}</p>
        <p class="secret" aria-labelledby="secret-label" data-testid="api-key-secret">
          {secret}
        </p>
        <div class="actions">
          <button type="button" onClick={() => void copy()}>
            {t('admin.keys.copy')}
          </button>
          <span role="status">{copied}</span>
          <button type="button" class="secondary" onClick={props.onClose}>
            {t('admin.keys.done')}
          </button>
        </div>
      </Modal>
    );
  return (
    <Modal id="create-key" open title={t('admin.keys.new')} onClose={props.onClose}>
      <form onSubmit={submit} class="admin-form" noValidate>
        <ErrorSummary errors={errors} />
        {errors.length ? null : <ErrorNote error={error} />}
        <TextField name="name" label={t('admin.keys.name')} hint={t('admin.keys.nameHint')} value={name} onValue={setName} error={errorFor(errors, 'name')} required maxLength={100} />
        <fieldset id="f-scopes" tabIndex={-1}>
          <legend>{t('admin.keys.scopes')}</legend>
          {errorFor(errors, 'scopes') ? <p class="error">{errorFor(errors, 'scopes')}</p> : null}
          {props.permissions.map((p) => (
            <div class="check" key={p.id}>
              <input id={`scope-${p.id}`} type="checkbox" checked={scopes.includes(p.id)} onChange={(e) => setScopes(e.currentTarget.checked ? [...scopes, p.id] : scopes.filter((s) => s !== p.id))} aria-describedby={`scope-${p.id}-hint`} />
              <label for={`scope-${p.id}`}>{p.id}</label>
              <span class="hint" id={`scope-${p.id}-hint`}>
                {p.description}
              </span>
            </div>
          ))}
        </fieldset>
        <TextField name="rateLimitPerMinute" type="number" label={t('admin.keys.rate')} hint={t('admin.keys.rateHint')} value={rate} onValue={setRate} error={errorFor(errors, 'rateLimitPerMinute')} />
        <div class="actions">
          <button type="submit" disabled={busy}>
            {t('admin.keys.create')}
          </button>
          <button type="button" class="secondary" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
