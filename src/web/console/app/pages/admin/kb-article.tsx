import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { announce, can, ErrorNote, ErrorSummary, Field, Loading, TextField, useAsync, useMe } from '../../components.tsx';
import { t } from '../../i18n.ts';
import type { ScreenProps } from '../../nav.ts';
import { linkClick, navigate } from '../../router.ts';
import { AdminNav, errorFor, fieldErrors, inLang, isStale } from './common.tsx';
import type { Department } from './data.ts';
import { KbHistory } from './kb-history.tsx';
import './admin.css';

interface Article {
  id: number;
  slug: string;
  locale: string;
  audience: 'public' | 'staff';
  status: 'draft' | 'in_review' | 'published' | 'archived';
  title: string;
  summary: string;
  tags: string[];
  services: string[];
  owner: string | null;
  reviewBy: string | null;
  version: number;
  body: string;
  html: string;
  script: string | null;
}

const NEXT: Record<Article['status'], Array<{ to: Article['status']; permission: string }>> = {
  draft: [{ to: 'in_review', permission: 'kb:edit' }, { to: 'archived', permission: 'kb:publish' }],
  in_review: [{ to: 'published', permission: 'kb:publish' }, { to: 'draft', permission: 'kb:edit' }, { to: 'archived', permission: 'kb:publish' }],
  published: [{ to: 'archived', permission: 'kb:publish' }],
  archived: [{ to: 'draft', permission: 'kb:publish' }],
};
const list = (text: string): string[] => text.split(',').map((s) => s.trim()).filter(Boolean);

/** The knowledge-base article editor: content, Markdown preview, workflow (draft → review → published → archived), history and diff. */
export default function KbArticle({ params }: ScreenProps): JSX.Element {
  const isNew = params.id === 'new';
  const id = Number(params.id);
  const article = useAsync(() => (isNew ? Promise.resolve(null) : api<{ article: Article }>('GET', `/api/v1/kb/articles/${id}`).then((r) => r.article)), [params.id]);
  const departments = useAsync(() => api<{ departments: Department[] }>('GET', '/api/v1/departments').then((r) => r.departments), []);
  const a = article.data;
  return (
    <>
      <h1>{isNew ? t('admin.kb.new') : a ? t('admin.kb.editing', { title: a.title }) : t('admin.kb.loading')}</h1>
      <AdminNav current="/console/admin/kb-review" />
      <p>
        <a href="/console/admin/kb-review" onClick={linkClick}>
          {t('admin.kb.back')}
        </a>
      </p>
      <ErrorNote error={article.error ?? departments.error} />
      {!isNew && !a ? (
        article.error ? null : <Loading />
      ) : (
        <div key={a ? `${a.id}:${a.version}` : 'new'}>
          {a ? <Workflow article={a} onChanged={article.reload} /> : null}
          <Editor article={a ?? null} departments={departments.data ?? []} onSaved={article.reload} />
          {a ? <KbHistory id={a.id} current={a.version} /> : null}
        </div>
      )}
    </>
  );
}

function Workflow({ article, onChanged }: { article: Article; onChanged: () => void }): JSX.Element {
  const me = useMe();
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const moves = NEXT[article.status].filter((m) => can(me, m.permission));
  const move = async (to: Article['status']): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/api/v1/kb/articles/${article.id}/transition`, { to, expectedVersion: article.version, ...(note.trim() ? { note: note.trim() } : {}) });
      announce(t('admin.kb.moved', { status: t(`admin.kb.statusName.${to}`) }));
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="workflow-title" class="panel">
      <h2 id="workflow-title">{t('admin.kb.workflow')}</h2>
      <p>
        {t('admin.kb.statusIs')} <strong class="badge">{t(`admin.kb.statusName.${article.status}`)}</strong> · {t('admin.kb.versionN', { n: article.version })}
      </p>
      {isStale(error) ? <p class="warning" role="alert">{t('admin.stale')}</p> : <ErrorNote error={error} />}
      {moves.length ? (
        <>
          <TextField name="transition-note" label={t('admin.kb.transitionNote')} value={note} onValue={setNote} maxLength={500} />
          <div class="actions">
            {moves.map((m) => (
              <button key={m.to} type="button" class={m.to === 'archived' || m.to === 'draft' ? 'secondary' : undefined} disabled={busy} onClick={() => void move(m.to)}>
                {t(`admin.kb.moveTo.${m.to}`)}
              </button>
            ))}
          </div>
        </>
      ) : (
        <p class="hint">{t('admin.kb.noMoves')}</p>
      )}
    </section>
  );
}

function Editor({ article, departments, onSaved }: { article: Article | null; departments: Department[]; onSaved: () => void }): JSX.Element {
  const a = article;
  const [slug, setSlug] = useState('');
  const [locale, setLocale] = useState('en');
  const [title, setTitle] = useState(a?.title ?? '');
  const [summary, setSummary] = useState(a?.summary ?? '');
  const [body, setBody] = useState(a?.body ?? '');
  const [script, setScript] = useState(a?.script ?? '');
  const [audience, setAudience] = useState<Article['audience']>(a?.audience ?? 'public');
  const [tags, setTags] = useState((a?.tags ?? []).join(', '));
  const [services, setServices] = useState((a?.services ?? []).join(', '));
  const [owner, setOwner] = useState(a?.owner ?? '');
  const [reviewBy, setReviewBy] = useState(a?.reviewBy ?? '');
  const [changeNote, setChangeNote] = useState('');
  const [preview, setPreview] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const errors = fieldErrors(error);
  const showPreview = async (): Promise<void> => {
    setError(null);
    try {
      setPreview((await api<{ html: string }>('POST', '/api/v1/kb/preview', { body })).html);
      announce(t('admin.kb.previewReady'));
    } catch (e) {
      setError(e);
    }
  };
  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const content = { title, summary, body, script: script.trim() ? script : null, audience, tags: list(tags), services: list(services), owner: owner || null, reviewBy: reviewBy || null, ...(changeNote.trim() ? { changeNote: changeNote.trim() } : {}) };
    try {
      if (a) {
        const r = await api<{ article: Article; changed: boolean }>('PATCH', `/api/v1/kb/articles/${a.id}`, { expectedVersion: a.version, ...content });
        announce(r.changed ? t('admin.kb.saved', { n: r.article.version }) : t('admin.kb.unchanged'));
        onSaved();
      } else {
        const r = await api<{ article: Article }>('POST', '/api/v1/kb/articles', { slug: slug.trim(), locale, ...content });
        announce(t('admin.kb.created'));
        navigate(`/console/admin/kb/${r.article.id}`);
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={save} class="admin-form" noValidate aria-labelledby="content-title">
      <h2 id="content-title">{t('admin.kb.content')}</h2>
      <ErrorSummary errors={errors} />
      {isStale(error) ? (
        <div class="warning" role="alert">
          <p>{t('admin.stale')}</p>
          <button type="button" class="secondary" onClick={onSaved}>
            {t('admin.reload')}
          </button>
        </div>
      ) : errors.length ? null : (
        <ErrorNote error={error} />
      )}
      {a ? (
        <p>
          {t('admin.kb.slugIs', { slug: a.slug, locale: a.locale })}
        </p>
      ) : (
        <div class="inline-fields">
          <TextField name="slug" label={t('admin.kb.slug')} hint={t('admin.kb.slugHint')} value={slug} onValue={setSlug} error={errorFor(errors, 'slug')} required maxLength={120} />
          <Field name="locale" label={t('admin.kb.locale')} error={errorFor(errors, 'locale')}>
            {({ id, describedBy }) => (
              <select id={id} value={locale} onChange={(e) => setLocale(e.currentTarget.value)} aria-describedby={describedBy}>
                {['en', 'es', 'vi', 'zh-Hant', 'ru'].map((l) => (
                  <option key={l} value={l}>
                    {l}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      )}
      <TextField name="title" label={t('admin.kb.titleField')} value={title} onValue={setTitle} error={errorFor(errors, 'title')} required maxLength={200} />
      <TextField name="summary" label={t('admin.kb.summary')} value={summary} onValue={setSummary} error={errorFor(errors, 'summary')} maxLength={1000} />
      <div class="grid-2">
        <Field name="body" label={t('admin.kb.body')} hint={t('admin.kb.bodyHint')} error={errorFor(errors, 'body')}>
          {({ id, describedBy, invalid }) => <textarea id={id} rows={14} value={body} onInput={(e) => setBody(e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid || undefined} />}
        </Field>
        <section aria-labelledby="preview-title">
          <h3 id="preview-title">{t('admin.kb.preview')}</h3>
          <button type="button" class="secondary" onClick={() => void showPreview()}>
            {t('admin.kb.showPreview')}
          </button>
          {preview !== null ? <div class="preview" dangerouslySetInnerHTML={{ __html: preview }} /> : a ? <div class="preview" dangerouslySetInnerHTML={{ __html: a.html }} /> : null}
        </section>
      </div>
      <Field name="script" label={t('admin.kb.script')} hint={t('admin.kb.scriptHint')} error={errorFor(errors, 'script')}>
        {({ id, describedBy, invalid }) => <textarea id={id} rows={5} value={script} onInput={(e) => setScript(e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid || undefined} />}
      </Field>
      <div class="inline-fields">
        <Field name="audience" label={t('admin.kb.audience')} error={errorFor(errors, 'audience')}>
          {({ id, describedBy }) => (
            <select id={id} value={audience} onChange={(e) => setAudience(e.currentTarget.value as Article['audience'])} aria-describedby={describedBy}>
              <option value="public">{t('admin.kb.audienceName.public')}</option>
              <option value="staff">{t('admin.kb.audienceName.staff')}</option>
            </select>
          )}
        </Field>
        <Field name="owner" label={t('admin.kb.owner')} error={errorFor(errors, 'owner')}>
          {({ id, describedBy }) => (
            <select id={id} value={owner} onChange={(e) => setOwner(e.currentTarget.value)} aria-describedby={describedBy}>
              <option value="">{t('common.none')}</option>
              {departments.map((d) => (
                <option key={d.id} value={d.id}>
                  {inLang(d.name)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <TextField name="reviewBy" type="date" label={t('admin.kb.reviewBy')} value={reviewBy} onValue={setReviewBy} error={errorFor(errors, 'reviewBy')} />
      </div>
      <TextField name="tags" label={t('admin.kb.tags')} hint={t('admin.kb.commaHint')} value={tags} onValue={setTags} error={errorFor(errors, 'tags')} />
      <TextField name="services" label={t('admin.kb.services')} hint={t('admin.kb.servicesHint')} value={services} onValue={setServices} error={errorFor(errors, 'services')} />
      <TextField name="changeNote" label={t('admin.kb.changeNote')} value={changeNote} onValue={setChangeNote} error={errorFor(errors, 'changeNote')} maxLength={500} />
      <div class="actions">
        <button type="submit" disabled={busy}>
          {a ? t('admin.kb.save') : t('admin.kb.create')}
        </button>
      </div>
    </form>
  );
}
