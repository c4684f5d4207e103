import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, query } from '../../api.ts';
import { can, ErrorNote, Loading, useAsync, useMe } from '../../components.tsx';
import { t } from '../../i18n.ts';
import { linkClick } from '../../router.ts';
import { AdminNav, inLang } from './common.tsx';
import type { Department } from './data.ts';
import './admin.css';

interface ArticleSummary {
  id: number;
  slug: string;
  locale: string;
  title: string;
  status: string;
  audience: string;
  owner: string | null;
  reviewBy: string | null;
  version: number;
  dueInDays?: number;
  overdue?: boolean;
}

/** The knowledge base's review-by queue per department, and every article (search, new article) for editors. */
export default function KbReview(): JSX.Element {
  const me = useMe();
  const departments = useAsync(() => api<{ departments: Department[] }>('GET', '/api/v1/departments').then((r) => r.departments), []);
  const [owner, setOwner] = useState('');
  const [days, setDays] = useState('30');
  const [q, setQ] = useState('');
  const [status, setStatus] = useState('');
  const queue = useAsync(
    () => (can(me, 'kb:flags') ? api<{ today: string; until: string; articles: ArticleSummary[] }>('GET', `/api/v1/kb/review-queue${query({ owner, days })}`) : Promise.resolve(null)),
    [owner, days],
  );
  const articles = useAsync(() => api<{ articles: ArticleSummary[]; total: number }>('GET', `/api/v1/kb/articles${query({ q: q.trim(), status, limit: 50 })}`), [q, status]);
  const deptName = (id: string | null): string => (id ? inLang(departments.data?.find((d) => d.id === id)?.name) || id : t('common.none'));
  const editorLink = (a: ArticleSummary): JSX.Element => (
    <a href={`/console/admin/kb/${a.id}`} onClick={linkClick}>
      {a.title}
    </a>
  );
  return (
    <>
      <h1>{t('admin.kbReview.title')}</h1>
      <AdminNav current="/console/admin/kb-review" />
      {can(me, 'kb:flags') ? (
        <section aria-labelledby="queue-title">
          <h2 id="queue-title">{t('admin.kbReview.queue')}</h2>
          <div class="toolbar">
            <div class="field">
              <label for="queue-owner">{t('admin.kbReview.department')}</label>
              <select id="queue-owner" value={owner} onChange={(e) => setOwner(e.currentTarget.value)}>
                <option value="">{t('admin.kbReview.allMine')}</option>
                {(departments.data ?? [])
                  .filter((d) => d.kind === 'department' && (me.principal.departmentScoped.includes('kb:flags') ? me.principal.departments.includes(d.id) : true))
                  .map((d) => (
                    <option key={d.id} value={d.id}>
                      {inLang(d.name)}
                    </option>
                  ))}
              </select>
            </div>
            <div class="field">
              <label for="queue-days">{t('admin.kbReview.within')}</label>
              <select id="queue-days" value={days} onChange={(e) => setDays(e.currentTarget.value)}>
                {['0', '7', '30', '90', '365'].map((d) => (
                  <option key={d} value={d}>
                    {t('admin.kbReview.days', { days: Number(d) })}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <ErrorNote error={queue.error} />
          {queue.loading && !queue.data ? <Loading /> : null}
          {queue.data && queue.data.articles.length === 0 ? <p>{t('admin.kbReview.empty')}</p> : null}
          {queue.data?.articles.length ? (
            <table>
              <caption class="visually-hidden">{t('admin.kbReview.queue')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.kb.titleField')}</th>
                  <th scope="col">{t('admin.kbReview.department')}</th>
                  <th scope="col">{t('admin.kb.reviewBy')}</th>
                  <th scope="col">{t('admin.kbReview.due')}</th>
                </tr>
              </thead>
              <tbody>
                {queue.data.articles.map((a) => (
                  <tr key={a.id}>
                    <th scope="row">
                      {editorLink(a)} <span class="hint">({a.locale})</span>
                    </th>
                    <td>{deptName(a.owner)}</td>
                    <td>{a.reviewBy}</td>
                    <td>{a.overdue ? <span class="badge danger">{t('admin.kbReview.overdue', { days: -(a.dueInDays ?? 0) })}</span> : <span class="badge ok">{t('admin.kbReview.dueIn', { days: a.dueInDays ?? 0 })}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>
      ) : null}
      <section aria-labelledby="articles-title">
        <h2 id="articles-title">{t('admin.kbReview.articles')}</h2>
        <div class="toolbar">
          <div class="field">
            <label for="article-search">{t('admin.kbReview.search')}</label>
            <input id="article-search" type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="article-status">{t('admin.kb.status')}</label>
            <select id="article-status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
              <option value="">{t('admin.kbReview.anyStatus')}</option>
              {['draft', 'in_review', 'published', 'archived'].map((s) => (
                <option key={s} value={s}>
                  {t(`admin.kb.statusName.${s}`)}
                </option>
              ))}
            </select>
          </div>
          {can(me, 'kb:edit') ? (
            <a class="button" href="/console/admin/kb/new" onClick={linkClick}>
              {t('admin.kb.new')}
            </a>
          ) : null}
        </div>
        <ErrorNote error={articles.error} />
        <p role="status">{articles.data ? t('admin.kbReview.found', { count: articles.data.total }) : ''}</p>
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{t('admin.kbReview.articles')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.kb.titleField')}</th>
                <th scope="col">{t('admin.kb.locale')}</th>
                <th scope="col">{t('admin.kb.status')}</th>
                <th scope="col">{t('admin.kb.audience')}</th>
                <th scope="col">{t('admin.kbReview.department')}</th>
              </tr>
            </thead>
            <tbody>
              {(articles.data?.articles ?? []).map((a) => (
                <tr key={a.id}>
                  <th scope="row">{editorLink(a)}</th>
                  <td>{a.locale}</td>
                  <td>{t(`admin.kb.statusName.${a.status}`)}</td>
                  <td>{t(`admin.kb.audienceName.${a.audience}`)}</td>
                  <td>{deptName(a.owner)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
