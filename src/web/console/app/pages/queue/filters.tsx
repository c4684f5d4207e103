import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { locale, t } from '../../i18n.ts';
import type { Catalog } from './catalog.ts';
import { nameIn, OPEN, STATUSES } from './types.ts';

export const FILTER_KEYS = ['status', 'service_code', 'department', 'district', 'assignee', 'overdue', 'q'] as const;
export type Filters = Partial<Record<(typeof FILTER_KEYS)[number], string>> & { sort: string };

const SORTS = ['due', '-due', '-created', 'created', '-updated', 'updated'] as const;

/** The queue's filter form: each choice applies at once; the text search on Enter or "Search". */
export function QueueFilters({ filters, catalog, onChange, multiDepartment }: { filters: Filters; catalog: Catalog | undefined; onChange: (f: Filters) => void; multiDepartment: boolean }): JSX.Element {
  const [text, setText] = useState(filters.q ?? '');
  useEffect(() => setText(filters.q ?? ''), [filters.q]);
  const set = (k: keyof Filters, v: string): void => {
    const next: Filters = { ...filters, [k]: v };
    if (!v) delete next[k];
    onChange(next);
  };
  const select = (id: string, k: keyof Filters, label: string, options: Array<[string, string]>) => (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} value={filters[k] ?? ''} onChange={(e) => set(k, e.currentTarget.value)}>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <form
      role="search"
      aria-label={t('queue.filters')}
      class="toolbar filters"
      onSubmit={(e) => {
        e.preventDefault();
        set('q', text.trim());
      }}
    >
      {select('f-status', 'status', t('queue.col.status'), [
        [OPEN, t('queue.status.open')],
        ['any', t('queue.status.any')],
        ...STATUSES.map((s): [string, string] => [s, t(`status.${s}`)]),
      ])}
      {select('f-service', 'service_code', t('queue.col.service'), [['', t('queue.any')], ...(catalog?.services ?? []).map((s): [string, string] => [s.code, nameIn(s, locale, s.code)])])}
      {multiDepartment
        ? select('f-department', 'department', t('queue.department'), [['', t('queue.any')], ...(catalog?.departments ?? []).map((d): [string, string] => [d.id, nameIn(d, locale, d.id)])])
        : null}
      {select('f-district', 'district', t('queue.district'), [['', t('queue.any')], ...(catalog?.districts ?? []).map((d): [string, string] => [d.id, nameIn(d, locale, d.id)])])}
      {select('f-assignee', 'assignee', t('queue.assignee'), [
        ['', t('queue.any')],
        ['me', t('queue.me')],
        ['none', t('queue.unassigned')],
      ])}
      {select('f-sort', 'sort', t('queue.sort'), SORTS.map((s): [string, string] => [s, t(`queue.sort.${s}`)]))}
      <div class="field check">
        <input id="f-overdue" type="checkbox" checked={filters.overdue === 'true'} onChange={(e) => set('overdue', e.currentTarget.checked ? 'true' : '')} />
        <label for="f-overdue">{t('queue.overdueOnly')}</label>
      </div>
      <div class="field">
        <label for="f-q">{t('queue.text')}</label>
        <input id="f-q" type="search" value={text} onInput={(e) => setText(e.currentTarget.value)} maxLength={200} />
      </div>
      <button type="submit">{t('common.search')}</button>
    </form>
  );
}
