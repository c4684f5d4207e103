import type { JSX } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { announce, ErrorNote, ErrorSummary, Field, Loading, TextField, useAsync } from '../../components.tsx';
import { Modal } from '../../components/modal.tsx';
import { t } from '../../i18n.ts';
import { linkClick, navigate } from '../../router.ts';
import { AdminNav, errorFor, fieldErrors, inLang } from './common.tsx';
import { loadPickers, type Service } from './data.ts';
import './admin.css';

/** The service catalog: a searchable table of every service, and a form to add one. */
export default function Services(): JSX.Element {
  const services = useAsync(() => api<{ services: Service[] }>('GET', '/api/v1/services').then((r) => r.services), []);
  const pickers = useAsync(loadPickers, []);
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const deptName = (id: string): string => inLang(pickers.data?.departments.find((d) => d.id === id)?.name) || id;
  const groupName = (code: string | null): string => (code ? inLang(pickers.data?.groups.find((g) => g.code === code)?.name) || code : t('common.none'));
  const shown = useMemo(() => {
    const needle = q.trim().toLowerCase();
    const all = services.data ?? [];
    if (!needle) return all;
    return all.filter((s) => [s.code, ...Object.values(s.name), s.departmentId, s.groupCode ?? ''].some((v) => v.toLowerCase().includes(needle)));
  }, [services.data, q]);

  return (
    <>
      <h1>{t('admin.services.title')}</h1>
      <AdminNav current="/console/admin/services" />
      <div class="toolbar">
        <div class="field">
          <label for="service-search">{t('admin.services.search')}</label>
          <input id="service-search" type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} aria-controls="services-table" />
        </div>
        <button type="button" onClick={() => setCreating(true)}>
          {t('admin.services.new')}
        </button>
      </div>
      <ErrorNote error={services.error ?? pickers.error} />
      {services.loading && !services.data ? <Loading /> : null}
      <p role="status">{services.data ? t('admin.services.count', { shown: shown.length, total: services.data.length }) : ''}</p>
      <div class="table-wrap">
        <table id="services-table">
          <caption class="visually-hidden">{t('admin.services.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.services.name')}</th>
              <th scope="col">{t('admin.services.group')}</th>
              <th scope="col">{t('admin.services.department')}</th>
              <th scope="col">{t('admin.services.handling')}</th>
              <th scope="col">{t('admin.services.sla')}</th>
              <th scope="col">{t('admin.services.active')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((s) => (
              <tr key={s.code}>
                <th scope="row">
                  <a href={`/console/admin/services/${encodeURIComponent(s.code)}`} onClick={linkClick}>
                    {inLang(s.name)}
                  </a>{' '}
                  <span class="hint">{s.code}</span>
                </th>
                <td>{groupName(s.groupCode)}</td>
                <td>{deptName(s.departmentId)}</td>
                <td>{t(`admin.handling.${s.handling}`)}</td>
                <td>{s.slaHours === null ? t('admin.services.noSla') : t(`admin.services.slaValue.${s.slaKind}`, { hours: s.slaHours })}</td>
                <td>{s.active ? t('admin.yes') : <span class="badge warn">{t('admin.services.inactive')}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <CreateService open={creating} onClose={() => setCreating(false)} departments={pickers.data?.departments ?? []} />
    </>
  );
}

function CreateService(props: { open: boolean; onClose: () => void; departments: Array<{ id: string; name: Record<string, string> }> }): JSX.Element | null {
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [departmentId, setDepartmentId] = useState('');
  const [handling, setHandling] = useState('intake');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const errors = fieldErrors(error);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await api<{ service: Service }>('POST', '/api/v1/services', { code: code.trim(), name: { en: name }, departmentId, handling });
      announce(t('admin.services.created', { name: inLang(created.service.name) }));
      props.onClose();
      navigate(`/console/admin/services/${encodeURIComponent(created.service.code)}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal id="create-service" open={props.open} title={t('admin.services.new')} onClose={props.onClose}>
      <form onSubmit={submit} class="admin-form" noValidate>
        <ErrorSummary errors={errors} />
        {errors.length ? null : <ErrorNote error={error} />}
        <TextField name="code" label={t('admin.services.code')} hint={t('admin.services.codeHint')} value={code} onValue={setCode} error={errorFor(errors, 'code')} required maxLength={64} />
        <TextField name="name.en" label={t('admin.services.nameEn')} value={name} onValue={setName} error={errorFor(errors, 'name') ?? errorFor(errors, 'name.en')} required maxLength={200} />
        <Field name="departmentId" label={t('admin.services.department')} error={errorFor(errors, 'departmentId')}>
          {({ id, describedBy, invalid }) => (
            <select id={id} value={departmentId} onChange={(e) => setDepartmentId(e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid || undefined} required>
              <option value="">{t('admin.choose')}</option>
              {props.departments.map((d) => (
                <option key={d.id} value={d.id}>
                  {inLang(d.name)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="handling" label={t('admin.services.handling')} error={errorFor(errors, 'handling')}>
          {({ id, describedBy }) => (
            <select id={id} value={handling} onChange={(e) => setHandling(e.currentTarget.value)} aria-describedby={describedBy}>
              {(['intake', 'resolve', 'refer'] as const).map((h) => (
                <option key={h} value={h}>
                  {t(`admin.handling.${h}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div class="actions">
          <button type="submit" disabled={busy}>
            {t('admin.services.create')}
          </button>
          <button type="button" class="secondary" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
