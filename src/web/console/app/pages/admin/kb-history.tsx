import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { ErrorNote, Loading, useAsync } from '../../components.tsx';
import { formatDateTime, t } from '../../i18n.ts';

interface Version {
  version: number;
  status: string;
  title: string;
  changedAt: string;
  changedBy: { id: number; name: string } | null;
  changeNote: string | null;
}
interface Diff {
  from: number;
  to: number;
  changedFields: string[];
  fields: Array<{ field: string; changes: Array<{ op: 'same' | 'added' | 'removed'; value: string }> }>;
  unified: string;
}

/** An article's versions (who, when, why) and the difference between any two of them, word by word. */
export function KbHistory({ id, current }: { id: number; current: number }): JSX.Element {
  const versions = useAsync(() => api<{ versions: Version[] }>('GET', `/api/v1/kb/articles/${id}/versions`).then((r) => r.versions), [id, current]);
  const [from, setFrom] = useState(Math.max(1, current - 1));
  const [to, setTo] = useState(current);
  useEffect(() => {
    setFrom(Math.max(1, current - 1));
    setTo(current);
  }, [current]);
  const [diff, setDiff] = useState<Diff | null>(null);
  const [error, setError] = useState<unknown>(null);
  const compare = async (event: Event): Promise<void> => {
    event.preventDefault();
    setError(null);
    try {
      setDiff((await api<{ diff: Diff }>('GET', `/api/v1/kb/articles/${id}/diff?from=${from}&to=${to}`)).diff);
    } catch (e) {
      setError(e);
    }
  };
  const list = versions.data ?? [];
  const picker = (name: string, value: number, onValue: (v: number) => void): JSX.Element => (
    <div class="field">
      <label for={`diff-${name}`}>{t(`admin.kb.diff.${name}`)}</label>
      <select id={`diff-${name}`} value={value} onChange={(e) => onValue(Number(e.currentTarget.value))}>
        {list.map((v) => (
          <option key={v.version} value={v.version}>
            {t('admin.kb.versionN', { n: v.version })}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t('admin.kb.history')}</h2>
      <ErrorNote error={versions.error} />
      {versions.loading && !versions.data ? <Loading /> : null}
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">{t('admin.kb.history')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.kb.version')}</th>
              <th scope="col">{t('admin.kb.status')}</th>
              <th scope="col">{t('admin.kb.changedBy')}</th>
              <th scope="col">{t('admin.kb.changedAt')}</th>
              <th scope="col">{t('admin.kb.changeNote')}</th>
            </tr>
          </thead>
          <tbody>
            {[...list].reverse().map((v) => (
              <tr key={v.version}>
                <th scope="row">{v.version}</th>
                <td>{t(`admin.kb.statusName.${v.status}`)}</td>
                <td>{v.changedBy?.name ?? t('admin.kb.system')}</td>
                <td>{formatDateTime(v.changedAt)}</td>
                <td>{v.changeNote ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {list.length > 1 ? (
        <form class="toolbar" onSubmit={compare} aria-label={t('admin.kb.compare')}>
          {picker('from', from, setFrom)}
          {picker('to', to, setTo)}
          <button type="submit">{t('admin.kb.compare')}</button>
        </form>
      ) : null}
      <ErrorNote error={error} />
      {diff ? (
        <div class="diff" aria-live="polite">
          <h3>{t('admin.kb.diffTitle', { from: diff.from, to: diff.to })}</h3>
          {diff.fields.length === 0 ? <p>{t('admin.kb.noDiff')}</p> : null}
          {diff.fields.map((f) => (
            <div key={f.field}>
              <h4>{t(`admin.kb.field.${f.field}`)}</h4>
              <pre>
                {f.changes.map((c, i) =>
                  c.op === 'added' ? (
                    <ins key={i}>
                      <span class="visually-hidden">{t('admin.kb.addedMark')}</span>
                      {c.value}
                      <span class="visually-hidden">{t('admin.kb.endMark')}</span>
                    </ins>
                  ) : c.op === 'removed' ? (
                    <del key={i}>
                      <span class="visually-hidden">{t('admin.kb.removedMark')}</span>
                      {c.value}
                      <span class="visually-hidden">{t('admin.kb.endMark')}</span>
                    </del>
                  ) : (
                    <span key={i}>{c.value}</span>
                  ),
                )}
              </pre>
            </div>
          ))}
          <details>
            <summary>{t('admin.kb.unified')}</summary>
            <pre>{diff.unified}</pre>
          </details>
        </div>
      ) : null}
    </section>
  );
}
