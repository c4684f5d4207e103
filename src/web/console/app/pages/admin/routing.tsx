import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { announce, ErrorNote, ErrorSummary, Field, Loading, TextField, useAsync } from '../../components.tsx';
import { Confirm, Modal } from '../../components/modal.tsx';
import { t } from '../../i18n.ts';
import { AdminNav, errorFor, fieldErrors, inLang } from './common.tsx';
import { loadPickers, type Service } from './data.ts';
import './admin.css';

interface Rule {
  id: number;
  serviceCode: string | null;
  districtId: string | null;
  departmentId: string;
  priority: number;
  description: string;
  active: boolean;
}
type Draft = { serviceCode: string; districtId: string; departmentId: string; priority: string; description: string; active: boolean };
const EMPTY: Draft = { serviceCode: '', districtId: '', departmentId: '', priority: '100', description: '', active: true };

/** Routing rules: which department gets a service's requests in a district; list, add, change, delete. */
export default function Routing(): JSX.Element {
  const rules = useAsync(() => api<{ routingRules: Rule[] }>('GET', '/api/v1/routing-rules').then((r) => r.routingRules), []);
  const services = useAsync(() => api<{ services: Service[] }>('GET', '/api/v1/services').then((r) => r.services), []);
  const pickers = useAsync(loadPickers, []);
  const [editing, setEditing] = useState<{ id: number | null; draft: Draft } | null>(null);
  const [deleting, setDeleting] = useState<Rule | null>(null);
  const [deleteError, setDeleteError] = useState<unknown>(null);
  const serviceName = (code: string | null): string => (code ? inLang(services.data?.find((s) => s.code === code)?.name) || code : t('admin.routing.anyService'));
  const districtName = (id: string | null): string => (id ? inLang(pickers.data?.districts.find((d) => d.id === id)?.name) || id : t('admin.routing.anyDistrict'));
  const deptName = (id: string): string => inLang(pickers.data?.departments.find((d) => d.id === id)?.name) || id;

  const remove = async (): Promise<void> => {
    if (!deleting) return;
    try {
      await api('DELETE', `/api/v1/routing-rules/${deleting.id}`);
      announce(t('admin.routing.deleted', { id: deleting.id }));
      setDeleting(null);
      rules.reload();
    } catch (e) {
      setDeleteError(e);
      setDeleting(null);
    }
  };

  return (
    <>
      <h1>{t('admin.routing.title')}</h1>
      <AdminNav current="/console/admin/routing" />
      <p>{t('admin.routing.intro')}</p>
      <div class="actions">
        <button type="button" onClick={() => setEditing({ id: null, draft: EMPTY })}>
          {t('admin.routing.new')}
        </button>
      </div>
      <ErrorNote error={rules.error ?? deleteError} />
      {rules.loading && !rules.data ? <Loading /> : null}
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">{t('admin.routing.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.routing.priority')}</th>
              <th scope="col">{t('admin.routing.service')}</th>
              <th scope="col">{t('admin.routing.district')}</th>
              <th scope="col">{t('admin.routing.department')}</th>
              <th scope="col">{t('admin.routing.description')}</th>
              <th scope="col">{t('admin.routing.active')}</th>
              <th scope="col">{t('admin.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {(rules.data ?? []).map((r) => (
              <tr key={r.id}>
                <td>{r.priority}</td>
                <th scope="row">{serviceName(r.serviceCode)}</th>
                <td>{districtName(r.districtId)}</td>
                <td>{deptName(r.departmentId)}</td>
                <td>{r.description}</td>
                <td>{r.active ? t('admin.yes') : <span class="badge warn">{t('admin.no')}</span>}</td>
                <td>
                  <div class="actions">
                    <button type="button" class="secondary" aria-label={t('admin.routing.editNamed', { id: r.id })} onClick={() => setEditing({ id: r.id, draft: { serviceCode: r.serviceCode ?? '', districtId: r.districtId ?? '', departmentId: r.departmentId, priority: String(r.priority), description: r.description, active: r.active } })}>
                      {t('admin.edit')}
                    </button>
                    <button type="button" class="secondary" aria-label={t('admin.routing.deleteNamed', { id: r.id })} onClick={() => setDeleting(r)}>
                      {t('admin.delete')}
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editing ? (
        <RuleForm
          id={editing.id}
          initial={editing.draft}
          services={services.data ?? []}
          pickers={pickers.data}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            rules.reload();
          }}
        />
      ) : null}
      <Confirm
        id="delete-rule"
        open={deleting !== null}
        title={t('admin.routing.deleteTitle')}
        body={deleting ? t('admin.routing.deleteBody', { service: serviceName(deleting.serviceCode), district: districtName(deleting.districtId), department: deptName(deleting.departmentId) }) : ''}
        confirmLabel={t('admin.delete')}
        cancelLabel={t('common.cancel')}
        onConfirm={() => void remove()}
        onCancel={() => setDeleting(null)}
      />
    </>
  );
}

function RuleForm(props: { id: number | null; initial: Draft; services: Service[]; pickers: Awaited<ReturnType<typeof loadPickers>> | undefined; onClose: () => void; onSaved: () => void }): JSX.Element {
  const [d, setD] = useState<Draft>(props.initial);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const errors = fieldErrors(error);
  const set = (patch: Partial<Draft>): void => setD({ ...d, ...patch });
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = { serviceCode: d.serviceCode || null, districtId: d.districtId || null, departmentId: d.departmentId, priority: Number(d.priority), description: d.description, active: d.active };
      if (props.id === null) await api('POST', '/api/v1/routing-rules', body);
      else await api('PATCH', `/api/v1/routing-rules/${props.id}`, body);
      announce(t('admin.routing.saved'));
      props.onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const select = (name: keyof Draft, label: string, options: Array<[string, string]>, anyLabel?: string): JSX.Element => (
    <Field name={name} label={label} error={errorFor(errors, name)}>
      {({ id, describedBy, invalid }) => (
        <select id={id} value={d[name] as string} onChange={(e) => set({ [name]: e.currentTarget.value })} aria-describedby={describedBy} aria-invalid={invalid || undefined}>
          <option value="">{anyLabel ?? t('admin.choose')}</option>
          {options.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  return (
    <Modal id="rule-form" open title={props.id === null ? t('admin.routing.new') : t('admin.routing.editNamed', { id: props.id })} onClose={props.onClose}>
      <form onSubmit={submit} class="admin-form" noValidate>
        <ErrorSummary errors={errors} />
        {errors.length ? null : <ErrorNote error={error} />}
        {select('serviceCode', t('admin.routing.service'), props.services.map((s) => [s.code, inLang(s.name)]), t('admin.routing.anyService'))}
        {select('districtId', t('admin.routing.district'), (props.pickers?.districts ?? []).map((x) => [x.id, inLang(x.name)]), t('admin.routing.anyDistrict'))}
        {select('departmentId', t('admin.routing.department'), (props.pickers?.departments ?? []).map((x) => [x.id, inLang(x.name)]))}
        <TextField name="priority" type="number" label={t('admin.routing.priority')} hint={t('admin.routing.priorityHint')} value={d.priority} onValue={(priority) => set({ priority })} error={errorFor(errors, 'priority')} />
        <TextField name="description" label={t('admin.routing.description')} value={d.description} onValue={(description) => set({ description })} error={errorFor(errors, 'description')} maxLength={500} />
        <div class="check">
          <input id="f-active" type="checkbox" checked={d.active} onChange={(e) => set({ active: e.currentTarget.checked })} />
          <label for="f-active">{t('admin.routing.active')}</label>
        </div>
        <div class="actions">
          <button type="submit" disabled={busy}>
            {t('common.save')}
          </button>
          <button type="button" class="secondary" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
