import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, query } from '../../api.ts';
import { announce, ErrorNote, ErrorSummary, Loading, TextField, useAsync, useMe } from '../../components.tsx';
import { Confirm, Modal } from '../../components/modal.tsx';
import { formatDateTime, t } from '../../i18n.ts';
import { AdminNav, errorFor, fieldErrors, inLang, onLists } from './common.tsx';
import type { Department } from './data.ts';
import './admin.css';

interface User {
  id: number;
  email: string;
  name: string;
  status: 'active' | 'disabled';
  roles: string[];
  departments: string[];
  lastSignInAt: string | null;
}
interface Role {
  id: string;
  name: string;
  description: string;
  permissions: Array<{ permission: string; scope: 'all' | 'department' }>;
}

/** Staff accounts (list, create, change roles and departments, disable) and the roles table (read-only). */
export default function Users(): JSX.Element {
  const [q, setQ] = useState('');
  const [status, setStatus] = useState('');
  const users = useAsync(() => api<{ users: User[] }>('GET', `/api/v1/users${query({ q: q.trim(), status })}`).then((r) => r.users), [q, status]);
  const roles = useAsync(() => api<{ roles: Role[] }>('GET', '/api/v1/roles').then((r) => r.roles), []);
  const departments = useAsync(() => api<{ departments: Department[] }>('GET', '/api/v1/departments').then((r) => r.departments), []);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [disabling, setDisabling] = useState<User | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const me = useMe();

  const setUserStatus = async (user: User, next: 'active' | 'disabled'): Promise<void> => {
    setActionError(null);
    try {
      await api('PATCH', `/api/v1/users/${user.id}`, { status: next });
      announce(t(next === 'disabled' ? 'admin.users.disabled' : 'admin.users.enabled', { name: user.name }));
      users.reload();
    } catch (e) {
      setActionError(e);
    }
    setDisabling(null);
  };

  return (
    <>
      <h1>{t('admin.users.title')}</h1>
      <AdminNav current="/console/admin/users" />
      <div class="toolbar">
        <div class="field">
          <label for="user-search">{t('admin.users.search')}</label>
          <input id="user-search" type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="user-status">{t('admin.users.status')}</label>
          <select id="user-status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
            <option value="">{t('admin.users.anyStatus')}</option>
            <option value="active">{t('admin.users.active')}</option>
            <option value="disabled">{t('admin.users.disabledStatus')}</option>
          </select>
        </div>
        <button type="button" onClick={() => setEditing('new')}>
          {t('admin.users.new')}
        </button>
      </div>
      <p class="hint">{t('admin.users.lastWrite')}</p>
      <ErrorNote error={users.error ?? actionError} />
      {users.loading && !users.data ? <Loading /> : null}
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">{t('admin.users.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.users.name')}</th>
              <th scope="col">{t('admin.users.email')}</th>
              <th scope="col">{t('admin.users.roles')}</th>
              <th scope="col">{t('admin.users.departments')}</th>
              <th scope="col">{t('admin.users.status')}</th>
              <th scope="col">{t('admin.users.lastSignIn')}</th>
              <th scope="col">{t('admin.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {(users.data ?? []).map((u) => (
              <tr key={u.id}>
                <th scope="row">{u.name}</th>
                <td>{u.email}</td>
                <td>{u.roles.map((r) => roles.data?.find((x) => x.id === r)?.name ?? r).join(', ')}</td>
                <td>{u.departments.join(', ') || t('admin.users.allDepartments')}</td>
                <td>{u.status === 'active' ? t('admin.users.active') : <span class="badge warn">{t('admin.users.disabledStatus')}</span>}</td>
                <td>{u.lastSignInAt ? formatDateTime(u.lastSignInAt) : t('admin.users.never')}</td>
                <td>
                  <div class="actions">
                    <button type="button" class="secondary" aria-label={t('admin.users.editNamed', { name: u.name })} onClick={() => setEditing(u)}>
                      {t('admin.edit')}
                    </button>
                    {u.status === 'active' ? (
                      <button type="button" class="secondary" disabled={u.id === me.principal.id} aria-label={t('admin.users.disableNamed', { name: u.name })} onClick={() => setDisabling(u)}>
                        {t('admin.users.disable')}
                      </button>
                    ) : (
                      <button type="button" class="secondary" aria-label={t('admin.users.enableNamed', { name: u.name })} onClick={() => void setUserStatus(u, 'active')}>
                        {t('admin.users.enable')}
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <RolesTable roles={roles.data} error={roles.error} />
      {editing ? (
        <UserForm
          user={editing === 'new' ? null : editing}
          roles={roles.data ?? []}
          departments={departments.data ?? []}
          onClose={() => setEditing(null)}
          onSaved={() => users.reload()}
        />
      ) : null}
      <Confirm
        id="disable-user"
        open={disabling !== null}
        title={t('admin.users.disableTitle')}
        body={disabling ? t('admin.users.disableBody', { name: disabling.name }) : ''}
        confirmLabel={t('admin.users.disable')}
        cancelLabel={t('common.cancel')}
        onConfirm={() => disabling && void setUserStatus(disabling, 'disabled')}
        onCancel={() => setDisabling(null)}
      />
    </>
  );
}

function RolesTable({ roles, error }: { roles: Role[] | undefined; error: unknown }): JSX.Element {
  return (
    <section aria-labelledby="roles-title">
      <h2 id="roles-title">{t('admin.users.rolesTitle')}</h2>
      <ErrorNote error={error} />
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">{t('admin.users.rolesTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.users.role')}</th>
              <th scope="col">{t('admin.users.permissions')}</th>
            </tr>
          </thead>
          <tbody>
            {(roles ?? []).map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  {r.name}
                  <p class="hint">{r.description}</p>
                </th>
                <td>
                  <ul>
                    {r.permissions.map((p) => (
                      <li key={p.permission}>
                        {p.permission} {p.scope === 'department' ? `(${t('admin.users.ownDepartments')})` : ''}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Checkboxes(props: { name: string; legend: string; options: Array<[string, string]>; chosen: string[]; onChosen: (v: string[]) => void; error?: string }): JSX.Element {
  return (
    <fieldset id={`f-${props.name}`} tabIndex={-1} aria-describedby={props.error ? `f-${props.name}-error` : undefined}>
      <legend>{props.legend}</legend>
      {props.error ? (
        <p class="error" id={`f-${props.name}-error`}>
          {props.error}
        </p>
      ) : null}
      {props.options.map(([value, label]) => (
        <div class="check" key={value}>
          <input id={`${props.name}-${value}`} type="checkbox" checked={props.chosen.includes(value)} onChange={(e) => props.onChosen(e.currentTarget.checked ? [...props.chosen, value] : props.chosen.filter((c) => c !== value))} />
          <label for={`${props.name}-${value}`}>{label}</label>
        </div>
      ))}
    </fieldset>
  );
}

function UserForm(props: { user: User | null; roles: Role[]; departments: Department[]; onClose: () => void; onSaved: () => void }): JSX.Element {
  const u = props.user;
  const [email, setEmail] = useState(u?.email ?? '');
  const [name, setName] = useState(u?.name ?? '');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<string[]>(u?.roles ?? []);
  const [departments, setDepartments] = useState<string[]>(u?.departments ?? []);
  const [generated, setGenerated] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const errors = onLists(fieldErrors(error), ['roles', 'departments']);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (u) {
        await api('PATCH', `/api/v1/users/${u.id}`, { name, roles, departments });
        announce(t('admin.users.saved', { name }));
        props.onSaved();
        props.onClose();
      } else {
        const r = await api<{ user: User; generatedPassword: string | null }>('POST', '/api/v1/users', { email, name, roles, departments, ...(password ? { password } : {}) });
        announce(t('admin.users.created', { name: r.user.name }));
        props.onSaved();
        if (r.generatedPassword) setGenerated(r.generatedPassword);
        else props.onClose();
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const title = u ? t('admin.users.editNamed', { name: u.name }) : t('admin.users.new');
  if (generated)
    return (
      <Modal id="user-form" open title={title} onClose={props.onClose}>
        <p class="warning">{t('admin.users.generatedWarning')}</p>
        <p>
          <span id="generated-label">{t('admin.users.generated')}</span>{' '}
          <code class="secret" aria-labelledby="generated-label">
            {generated}
          </code>
        </p>
        <button type="button" onClick={props.onClose}>
          {t('common.close')}
        </button>
      </Modal>
    );
  return (
    <Modal id="user-form" open title={title} onClose={props.onClose}>
      <form onSubmit={submit} class="admin-form" noValidate>
        <ErrorSummary errors={errors} />
        {errors.length ? null : <ErrorNote error={error} />}
        {u ? <p>{u.email}</p> : <TextField name="email" type="email" label={t('admin.users.email')} value={email} onValue={setEmail} error={errorFor(errors, 'email')} required />}
        <TextField name="name" label={t('admin.users.name')} value={name} onValue={setName} error={errorFor(errors, 'name')} required maxLength={200} />
        {u ? null : <TextField name="password" type="password" label={t('admin.users.password')} hint={t('admin.users.passwordHint')} value={password} onValue={setPassword} error={errorFor(errors, 'password')} autoComplete="new-password" />}
        <Checkboxes name="roles" legend={t('admin.users.roles')} options={props.roles.map((r) => [r.id, r.name])} chosen={roles} onChosen={setRoles} error={errorFor(errors, 'roles')} />
        <Checkboxes name="departments" legend={t('admin.users.departments')} options={props.departments.map((d) => [d.id, inLang(d.name)])} chosen={departments} onChosen={setDepartments} error={errorFor(errors, 'departments')} />
        <div class="actions">
          <button type="submit" disabled={busy}>
            {u ? t('common.save') : t('admin.users.create')}
          </button>
          <button type="button" class="secondary" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
