import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { announce, ErrorNote, ErrorSummary, Field, TextField, type FieldError } from '../../components.tsx';
import { t } from '../../i18n.ts';
import { CATALOG_LANGUAGES, errorFor, fieldErrors, inLang, isStale, LANGUAGE_NAMES, type Localized } from './common.tsx';

/** One Open311 question as the editor holds it. */
export interface AttributeDraft {
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  variable: boolean;
  description: Localized;
  values: Array<{ key: string; name: Localized }>;
  retiredAt?: string | null;
  /** Saved before (its code and datatype family are fixed). */
  saved?: boolean;
}

const DATATYPES = ['string', 'text', 'number', 'datetime', 'singlevaluelist', 'multivaluelist'] as const;
const isList = (d: string): boolean => d === 'singlevaluelist' || d === 'multivaluelist';

/** Localised text fields: English shown, the other languages in a disclosure. */
function LocalizedFields(props: { name: string; label: string; value: Localized; onValue: (v: Localized) => void; errors: FieldError[] }): JSX.Element {
  const set = (lang: string, text: string): void => props.onValue({ ...props.value, [lang]: text });
  return (
    <>
      <TextField name={`${props.name}.en`} label={`${props.label} (${LANGUAGE_NAMES.en})`} value={props.value.en ?? ''} onValue={(v) => set('en', v)} error={errorFor(props.errors, props.name) ?? errorFor(props.errors, `${props.name}.en`)} maxLength={1000} />
      <details>
        <summary>{t('admin.attributes.translations', { label: props.label })}</summary>
        <div class="lang-grid">
          {CATALOG_LANGUAGES.filter((l) => l !== 'en').map((lang) => (
            <TextField key={lang} name={`${props.name}.${lang}`} label={`${props.label} (${LANGUAGE_NAMES[lang]})`} value={props.value[lang] ?? ''} onValue={(v) => set(lang, v)} maxLength={1000} />
          ))}
        </div>
      </details>
    </>
  );
}

/**
 * The questions (Open311 attributes) of a service: add, edit, reorder, remove (retire) and restore,
 * saved together with the service's version (409 when someone saved in between).
 */
export function AttributesEditor(props: { code: string; version: number; initial: AttributeDraft[]; onSaved: (version: number, attributes: AttributeDraft[]) => void; onStale: () => void }): JSX.Element {
  const [all, setAll] = useState<AttributeDraft[]>(props.initial);
  const [list, setList] = useState<AttributeDraft[]>(props.initial.filter((a) => !a.retiredAt));
  const retired = all.filter((a) => a.retiredAt && !list.some((l) => l.code === a.code));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const errors = fieldErrors(error);
  const update = (i: number, patch: Partial<AttributeDraft>): void => setList(list.map((a, j) => (j === i ? { ...a, ...patch } : a)));
  const move = (i: number, by: number): void => {
    const next = [...list];
    const [item] = next.splice(i, 1);
    if (!item) return;
    next.splice(i + by, 0, item);
    setList(next);
    announce(t('admin.attributes.moved', { code: item.code || t('admin.attributes.new'), position: i + by + 1 }));
  };
  const add = (): void => {
    setList([...list, { code: '', datatype: 'string', required: false, variable: true, description: {}, values: [] }]);
    setTimeout(() => document.getElementById(`f-attributes.${list.length}.code`)?.focus(), 0);
  };
  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const clean = (l: Localized): Localized => Object.fromEntries(Object.entries(l).filter(([, v]) => v.trim() !== ''));
      const body = {
        expectedVersion: props.version,
        attributes: list.map((a) => ({ code: a.code.trim(), datatype: a.datatype, required: a.variable && a.required, variable: a.variable, description: clean(a.description), values: isList(a.datatype) ? a.values.map((v) => ({ key: v.key.trim(), name: clean(v.name) })) : [] })),
      };
      const saved = await api<{ service: { version: number }; attributes: AttributeDraft[] }>('PUT', `/api/v1/services/${encodeURIComponent(props.code)}/attributes`, body);
      const drafts = saved.attributes.map((a) => ({ ...a, saved: true }));
      setAll(drafts);
      setList(drafts.filter((a) => !a.retiredAt));
      props.onSaved(saved.service.version, drafts);
      announce(t('admin.attributes.saved'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={save} class="admin-form" noValidate aria-labelledby="questions-title">
      <h2 id="questions-title">{t('admin.attributes.title')}</h2>
      <p class="hint">{t('admin.attributes.intro')}</p>
      <ErrorSummary errors={errors} />
      {isStale(error) ? (
        <div class="warning" role="alert">
          <p>{t('admin.stale')}</p>
          <button type="button" class="secondary" onClick={props.onStale}>
            {t('admin.reload')}
          </button>
        </div>
      ) : errors.length ? null : (
        <ErrorNote error={error} />
      )}
      {list.length === 0 ? <p>{t('admin.attributes.none')}</p> : null}
      {list.map((a, i) => (
        <section key={i} class="attribute" aria-labelledby={`attr-${i}-title`}>
          <h3 id={`attr-${i}-title`}>{t('admin.attributes.heading', { n: i + 1, code: a.code || t('admin.attributes.new') })}</h3>
          <div class="inline-fields">
            <Field name={`attributes.${i}.code`} label={t('admin.attributes.code')} hint={a.saved ? t('admin.attributes.codeFixed') : undefined} error={errorFor(errors, `attributes.${i}.code`)}>
              {({ id, describedBy, invalid }) => (
                <input id={id} value={a.code} readOnly={a.saved} onInput={(e) => update(i, { code: e.currentTarget.value })} aria-describedby={describedBy} aria-invalid={invalid || undefined} maxLength={64} required />
              )}
            </Field>
            <Field name={`attributes.${i}.datatype`} label={t('admin.attributes.datatype')} error={errorFor(errors, `attributes.${i}.datatype`)}>
              {({ id, describedBy, invalid }) => (
                <select id={id} value={a.datatype} onChange={(e) => update(i, { datatype: e.currentTarget.value as AttributeDraft['datatype'] })} aria-describedby={describedBy} aria-invalid={invalid || undefined}>
                  {DATATYPES.map((d) => (
                    <option key={d} value={d}>
                      {t(`admin.datatype.${d}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <LocalizedFields name={`attributes.${i}.description`} label={t('admin.attributes.question')} value={a.description} onValue={(description) => update(i, { description })} errors={errors} />
          <div class="check">
            <input id={`attr-${i}-info`} type="checkbox" checked={!a.variable} onChange={(e) => update(i, { variable: !e.currentTarget.checked, required: e.currentTarget.checked ? false : a.required })} />
            <label for={`attr-${i}-info`}>{t('admin.attributes.infoOnly')}</label>
          </div>
          {a.variable ? (
            <div class="check">
              <input id={`f-attributes.${i}.required`} type="checkbox" checked={a.required} onChange={(e) => update(i, { required: e.currentTarget.checked })} />
              <label for={`f-attributes.${i}.required`}>{t('admin.attributes.required')}</label>
            </div>
          ) : null}
          {isList(a.datatype) ? <ValuesEditor index={i} values={a.values} onValues={(values) => update(i, { values })} errors={errors} /> : null}
          <div class="actions">
            <button type="button" class="secondary" disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('admin.attributes.moveUp', { n: i + 1 })}>
              {t('admin.moveUp')}
            </button>
            <button type="button" class="secondary" disabled={i === list.length - 1} onClick={() => move(i, 1)} aria-label={t('admin.attributes.moveDown', { n: i + 1 })}>
              {t('admin.moveDown')}
            </button>
            <button type="button" class="secondary" onClick={() => setList(list.filter((_, j) => j !== i))} aria-label={t('admin.attributes.removeNamed', { n: i + 1, action: a.saved ? t('admin.attributes.retire') : t('admin.remove') })}>
              {a.saved ? t('admin.attributes.retire') : t('admin.remove')}
            </button>
          </div>
        </section>
      ))}
      <div class="actions">
        <button type="button" class="secondary" onClick={add}>
          {t('admin.attributes.add')}
        </button>
        <button type="submit" disabled={busy}>
          {t('admin.attributes.save')}
        </button>
      </div>
      {retired.length ? (
        <>
          <h3>{t('admin.attributes.retiredTitle')}</h3>
          <p class="hint">{t('admin.attributes.retiredIntro')}</p>
          <ul>
            {retired.map((a) => (
              <li key={a.code}>
                {a.code} — {inLang(a.description)} ({t(`admin.datatype.${a.datatype}`)}){' '}
                <button type="button" class="link" onClick={() => setList([...list, { ...a, retiredAt: null }])}>
                  {t('admin.attributes.restore', { code: a.code })}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </form>
  );
}

function ValuesEditor(props: { index: number; values: AttributeDraft['values']; onValues: (v: AttributeDraft['values']) => void; errors: FieldError[] }): JSX.Element {
  const base = `attributes.${props.index}.values`;
  const set = (j: number, patch: Partial<AttributeDraft['values'][number]>): void => props.onValues(props.values.map((v, k) => (k === j ? { ...v, ...patch } : v)));
  return (
    <fieldset>
      <legend>{t('admin.attributes.values')}</legend>
      {errorFor(props.errors, base) ? (
        <p class="error" id={`f-${base}`} tabIndex={-1}>
          {errorFor(props.errors, base)}
        </p>
      ) : null}
      {props.values.map((v, j) => (
        <div class="value-row" key={j}>
          <TextField name={`${base}.${j}.key`} label={t('admin.attributes.valueKey', { n: j + 1 })} value={v.key} onValue={(key) => set(j, { key })} error={errorFor(props.errors, `${base}.${j}.key`)} maxLength={64} />
          {CATALOG_LANGUAGES.map((lang) => (
            <TextField key={lang} name={`${base}.${j}.name.${lang}`} label={t('admin.attributes.valueName', { n: j + 1, language: LANGUAGE_NAMES[lang] ?? lang })} value={v.name[lang] ?? ''} onValue={(text) => set(j, { name: { ...v.name, [lang]: text } })} error={lang === 'en' ? errorFor(props.errors, `${base}.${j}.name`) : undefined} maxLength={200} />
          ))}
          <button type="button" class="secondary" onClick={() => props.onValues(props.values.filter((_, k) => k !== j))} aria-label={t('admin.attributes.removeValue', { n: j + 1 })}>
            {t('admin.remove')}
          </button>
        </div>
      ))}
      <button type="button" class="secondary" onClick={() => props.onValues([...props.values, { key: '', name: {} }])}>
        {t('admin.attributes.addValue')}
      </button>
    </fieldset>
  );
}
