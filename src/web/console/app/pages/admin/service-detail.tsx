import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { announce, ErrorNote, ErrorSummary, Field, Loading, TextField, useAsync } from '../../components.tsx';
import { t } from '../../i18n.ts';
import type { ScreenProps } from '../../nav.ts';
import { linkClick } from '../../router.ts';
import { AttributesEditor, type AttributeDraft } from './attributes-editor.tsx';
import { AdminNav, CATALOG_LANGUAGES, errorFor, fieldErrors, inLang, isStale, LANGUAGE_NAMES, type Localized } from './common.tsx';
import { loadPickers, type Service } from './data.ts';
import './admin.css';

interface Loaded {
  service: Service;
  attributes: AttributeDraft[];
}

/** One service: its settings (names in five languages, SLA, priority, department, flags) and its questions. */
export default function ServiceDetail({ params }: ScreenProps): JSX.Element {
  const code = params.code ?? '';
  const loaded = useAsync(() => api<Loaded>('GET', `/api/v1/services/${encodeURIComponent(code)}/attributes`), [code]);
  const pickers = useAsync(loadPickers, []);
  const [version, setVersion] = useState(0);
  useEffect(() => void (loaded.data && setVersion(loaded.data.service.version)), [loaded.data]);
  const s = loaded.data?.service;
  return (
    <>
      <h1>{s ? t('admin.service.title', { name: inLang(s.name) }) : t('admin.service.titleLoading')}</h1>
      <AdminNav current="/console/admin/services" />
      <p>
        <a href="/console/admin/services" onClick={linkClick}>
          {t('admin.service.back')}
        </a>
      </p>
      <ErrorNote error={loaded.error ?? pickers.error} />
      {!loaded.data || !pickers.data ? (
        loaded.error ? null : <Loading />
      ) : (
        <div key={loaded.data.service.version}>
          <Settings service={loaded.data.service} version={version} pickers={pickers.data} onSaved={setVersion} onStale={loaded.reload} />
          <AttributesEditor
            code={code}
            version={version}
            initial={loaded.data.attributes.map((a) => ({ ...a, saved: true }))}
            onSaved={(v) => setVersion(v)}
            onStale={loaded.reload}
          />
        </div>
      )}
    </>
  );
}

function Settings(props: { service: Service; version: number; pickers: Awaited<ReturnType<typeof loadPickers>>; onSaved: (v: number) => void; onStale: () => void }): JSX.Element {
  const s = props.service;
  const [names, setNames] = useState<Localized>({ ...s.name });
  const [descriptions, setDescriptions] = useState<Localized>({ ...s.description });
  const [sla, setSla] = useState(s.slaHours === null ? '' : String(s.slaHours));
  const [slaKind, setSlaKind] = useState(s.slaKind);
  const [priority, setPriority] = useState(s.defaultPriority);
  const [departmentId, setDepartmentId] = useState(s.departmentId);
  const [groupCode, setGroupCode] = useState(s.groupCode ?? '');
  const [confidential, setConfidential] = useState(s.confidential);
  const [active, setActive] = useState(s.active);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [savedAt, setSavedAt] = useState('');
  const errors = fieldErrors(error);
  const slaNumber = sla.trim() === '' ? null : Number(sla.replace(',', '.'));

  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    setError(null);
    if (slaNumber !== null && !(slaNumber > 0)) {
      setError({ local: true });
      return;
    }
    setBusy(true);
    try {
      const name = Object.fromEntries(Object.entries(names).filter(([, v]) => v.trim() !== ''));
      const r = await api<{ service: Service }>('PATCH', `/api/v1/services/${encodeURIComponent(s.code)}`, {
        expectedVersion: props.version,
        name,
        description: Object.fromEntries(CATALOG_LANGUAGES.map((lang) => [lang, (descriptions[lang] ?? '').trim()])),
        slaHours: slaNumber,
        slaKind,
        defaultPriority: priority,
        departmentId,
        groupCode: groupCode || null,
        confidential,
        active,
      });
      props.onSaved(r.service.version);
      const message = t('admin.service.saved', { name: inLang(r.service.name) });
      setSavedAt(message);
      announce(message);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const localErrors = error && typeof error === 'object' && 'local' in error ? [{ field: 'slaHours', message: t('admin.service.slaInvalid') }] : errors;

  return (
    <form onSubmit={save} class="admin-form" noValidate aria-labelledby="settings-title">
      <h2 id="settings-title">{t('admin.service.settings')}</h2>
      <ErrorSummary errors={localErrors} />
      {isStale(error) ? (
        <div class="warning" role="alert">
          <p>{t('admin.stale')}</p>
          <button type="button" class="secondary" onClick={props.onStale}>
            {t('admin.reload')}
          </button>
        </div>
      ) : localErrors.length ? null : (
        <ErrorNote error={error} />
      )}
      <dl class="facts">
        <dt>{t('admin.services.code')}</dt>
        <dd>{s.code}</dd>
        <dt>{t('admin.services.handling')}</dt>
        <dd>{t(`admin.handling.${s.handling}`)}</dd>
      </dl>
      <fieldset>
        <legend>{t('admin.service.names')}</legend>
        <div class="lang-grid">
          {CATALOG_LANGUAGES.map((lang) => (
            <TextField key={lang} name={`name.${lang}`} label={LANGUAGE_NAMES[lang] ?? lang} value={names[lang] ?? ''} onValue={(v) => setNames({ ...names, [lang]: v })} error={errorFor(localErrors, `name.${lang}`) ?? (lang === 'en' ? errorFor(localErrors, 'name') : undefined)} maxLength={200} />
          ))}
        </div>
      </fieldset>
      <details>
        <summary>{t('admin.service.descriptions')}</summary>
        <div class="lang-grid">
          {CATALOG_LANGUAGES.map((lang) => (
            <Field key={lang} name={`description.${lang}`} label={t('admin.service.descriptionIn', { language: LANGUAGE_NAMES[lang] ?? lang })} error={errorFor(localErrors, `description.${lang}`)}>
              {({ id, describedBy, invalid }) => (
                <textarea id={id} rows={3} maxLength={2000} value={descriptions[lang] ?? ''} onInput={(e) => setDescriptions({ ...descriptions, [lang]: e.currentTarget.value })} aria-describedby={describedBy} aria-invalid={invalid || undefined} />
              )}
            </Field>
          ))}
        </div>
      </details>
      <fieldset>
        <legend>{t('admin.service.sla')}</legend>
        <div class="inline-fields">
          <TextField name="slaHours" type="number" label={t('admin.service.slaHours')} hint={t('admin.service.slaHint')} value={sla} onValue={setSla} error={errorFor(localErrors, 'slaHours')} />
          <Field name="slaKind" label={t('admin.service.slaKind')} error={errorFor(localErrors, 'slaKind')}>
            {({ id, describedBy }) => (
              <select id={id} value={slaKind} onChange={(e) => setSlaKind(e.currentTarget.value as Service['slaKind'])} aria-describedby={describedBy}>
                <option value="business">{t('admin.service.slaBusiness')}</option>
                <option value="calendar">{t('admin.service.slaCalendar')}</option>
              </select>
            )}
          </Field>
          <Field name="defaultPriority" label={t('admin.service.priority')} error={errorFor(localErrors, 'defaultPriority')}>
            {({ id, describedBy }) => (
              <select id={id} value={priority} onChange={(e) => setPriority(e.currentTarget.value as Service['defaultPriority'])} aria-describedby={describedBy}>
                {(['low', 'normal', 'high', 'urgent'] as const).map((p) => (
                  <option key={p} value={p}>
                    {t(`admin.priority.${p}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <p class="hint">{t('admin.service.slaExisting')}</p>
      </fieldset>
      <div class="inline-fields">
        <Field name="departmentId" label={t('admin.services.department')} error={errorFor(localErrors, 'departmentId')}>
          {({ id, describedBy }) => (
            <select id={id} value={departmentId} onChange={(e) => setDepartmentId(e.currentTarget.value)} aria-describedby={describedBy}>
              {props.pickers.departments.map((d) => (
                <option key={d.id} value={d.id}>
                  {inLang(d.name)} {d.kind === 'agency' ? `(${t('admin.service.agency')})` : ''}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="groupCode" label={t('admin.services.group')} error={errorFor(localErrors, 'groupCode')}>
          {({ id, describedBy }) => (
            <select id={id} value={groupCode} onChange={(e) => setGroupCode(e.currentTarget.value)} aria-describedby={describedBy}>
              <option value="">{t('common.none')}</option>
              {props.pickers.groups.map((g) => (
                <option key={g.code} value={g.code}>
                  {inLang(g.name)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div class="check">
        <input id="f-confidential" type="checkbox" checked={confidential} onChange={(e) => setConfidential(e.currentTarget.checked)} aria-describedby="confidential-hint" />
        <label for="f-confidential">{t('admin.service.confidential')}</label>
      </div>
      <p class="hint" id="confidential-hint">
        {t('admin.service.confidentialHint')}
      </p>
      <div class="check">
        <input id="f-active" type="checkbox" checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />
        <label for="f-active">{t('admin.service.active')}</label>
      </div>
      <div class="actions">
        <button type="submit" disabled={busy}>
          {t('admin.service.save')}
        </button>
        {savedAt ? <span class="badge ok">{savedAt}</span> : null}
      </div>
    </form>
  );
}
