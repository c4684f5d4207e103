import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { ErrorNote, Loading, TextField, announce, useAsync } from '../../components.tsx';
import { locale, t } from '../../i18n.ts';
import type { ScreenProps } from '../../nav.ts';
import { linkClick } from '../../router.ts';
import { loadCatalog } from '../queue/catalog.ts';
import { nameIn } from '../queue/types.ts';
import '../queue/queue.css';

interface Template {
  id: number;
  department: string;
  name: string;
  texts: Record<string, string>;
  active: boolean;
  version: number;
}

/** Response templates for supervisors: add one to a department (English and Spanish text), retire or restore it. */
export default function Templates(_props: ScreenProps): JSX.Element {
  const catalog = useAsync(loadCatalog, []);
  const list = useAsync(() => api<{ templates: Template[] }>('GET', '/api/v1/response-templates'), []);
  const [department, setDepartment] = useState('');
  const [name, setName] = useState('');
  const [en, setEn] = useState('');
  const [es, setEs] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const dept = (id: string) => nameIn(catalog.data?.departments.find((d) => d.id === id), locale, id);

  const add = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('POST', '/api/v1/response-templates', { department, name, texts: { en, ...(es.trim() ? { es } : {}) } });
      announce(t('templates.added', { name }));
      setName('');
      setEn('');
      setEs('');
      list.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const toggle = async (tpl: Template): Promise<void> => {
    setError(null);
    try {
      await api('PATCH', `/api/v1/response-templates/${tpl.id}`, { active: !tpl.active, expectedVersion: tpl.version });
      announce(t(tpl.active ? 'templates.retired' : 'templates.restored', { name: tpl.name }));
      list.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <>
      <h1>{t('templates.title')}</h1>
      <p>
        <a href="/console/supervisor" onClick={linkClick}>
          {t('templates.back')}
        </a>
      </p>
      <p class="hint">{t('templates.placeholders')}</p>
      <ErrorNote error={error} />
      <form class="panel" onSubmit={add} aria-labelledby="add-template">
        <h2 id="add-template">{t('templates.add')}</h2>
        <div class="field">
          <label for="tpl-department">{t('queue.department')}</label>
          <select id="tpl-department" value={department} onChange={(e) => setDepartment(e.currentTarget.value)} required>
            <option value="">{t('queue.bulk.choose')}</option>
            {(catalog.data?.departments ?? [])
              .filter((d) => d.kind === 'department')
              .map((d) => (
                <option key={d.id} value={d.id}>
                  {nameIn(d, locale, d.id)}
                </option>
              ))}
          </select>
        </div>
        <TextField name="tpl-name" label={t('templates.name')} value={name} onValue={setName} required maxLength={100} />
        <div class="field">
          <label for="tpl-en">{t('templates.textEn')}</label>
          <textarea id="tpl-en" value={en} onInput={(e) => setEn(e.currentTarget.value)} required maxLength={4000} />
        </div>
        <div class="field">
          <label for="tpl-es">{t('templates.textEs')}</label>
          <textarea id="tpl-es" value={es} onInput={(e) => setEs(e.currentTarget.value)} maxLength={4000} />
        </div>
        <button type="submit" disabled={busy}>
          {t('templates.add')}
        </button>
      </form>
      {!list.data ? (
        <Loading />
      ) : (
        <table>
          <caption>{t('templates.caption', { count: list.data.templates.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('queue.department')}</th>
              <th scope="col">{t('templates.name')}</th>
              <th scope="col">{t('templates.textEn')}</th>
              <th scope="col">{t('templates.state')}</th>
              <th scope="col">{t('templates.action')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.templates.map((tpl) => (
              <tr key={tpl.id}>
                <td>{dept(tpl.department)}</td>
                <th scope="row">{tpl.name}</th>
                <td>{tpl.texts.en}</td>
                <td>{tpl.active ? t('templates.active') : t('templates.retiredState')}</td>
                <td>
                  <button type="button" class="secondary" onClick={() => void toggle(tpl)}>
                    {tpl.active ? t('templates.retire', { name: tpl.name }) : t('templates.restore', { name: tpl.name })}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
