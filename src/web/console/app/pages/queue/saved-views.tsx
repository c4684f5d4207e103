import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { Dialog, ErrorNote, TextField, announce, useAsync, useMe } from '../../components.tsx';
import { t } from '../../i18n.ts';
import type { Filters } from './filters.tsx';

interface View {
  id: number;
  name: string;
  filters: Record<string, string>;
  sort: string;
  sharedDepartment: string | null;
  owner: { id: number; name: string };
  mine: boolean;
}

/** Pick a saved view, or save the current filters as one (optionally shared with my department). */
export function SavedViews({ filters, onPick }: { filters: Filters; onPick: (f: Filters) => void }): JSX.Element {
  const me = useMe();
  const views = useAsync(() => api<{ views: View[] }>('GET', '/api/v1/queue/views'), []);
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [share, setShare] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [picked, setPicked] = useState('');

  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    setError(null);
    const { sort, ...rest } = filters;
    const kept = Object.fromEntries(Object.entries(rest).filter(([k, v]) => v && !(k === 'status' && v === 'any')));
    try {
      await api('POST', '/api/v1/queue/views', { name, filters: kept, sort, ...(share ? { sharedDepartment: share } : {}) });
      setOpen(false);
      setName('');
      views.reload();
      announce(t('queue.views.saved', { name }));
    } catch (e) {
      setError(e);
    }
  };
  const pick = (id: string): void => {
    setPicked(id);
    const v = views.data?.views.find((x) => String(x.id) === id);
    if (v) onPick({ ...v.filters, ...(v.filters.status ? {} : { status: 'any' }), sort: v.sort });
  };

  return (
    <div class="toolbar views">
      <div class="field">
        <label for="saved-view">{t('queue.views.pick')}</label>
        <select id="saved-view" value={picked} onChange={(e) => pick(e.currentTarget.value)}>
          <option value="">{views.data?.views.length ? t('queue.views.choose') : t('queue.views.none')}</option>
          {(views.data?.views ?? []).map((v) => (
            <option key={v.id} value={String(v.id)}>
              {v.mine ? v.name : t('queue.views.sharedBy', { name: v.name, owner: v.owner.name })}
            </option>
          ))}
        </select>
      </div>
      <button type="button" class="secondary" onClick={() => setOpen(true)}>
        {t('queue.views.save')}
      </button>
      <ErrorNote error={views.error} />
      <Dialog open={open} title={t('queue.views.save')} onClose={() => setOpen(false)}>
        <form onSubmit={save}>
          <ErrorNote error={error} />
          <TextField name="view-name" label={t('queue.views.name')} value={name} onValue={setName} required maxLength={100} />
          {me.principal.departments.length ? (
            <div class="field">
              <label for="view-share">{t('queue.views.share')}</label>
              <select id="view-share" value={share} onChange={(e) => setShare(e.currentTarget.value)}>
                <option value="">{t('queue.views.private')}</option>
                {me.principal.departments.map((d) => (
                  <option key={d} value={d}>
                    {d}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <button type="submit">{t('common.save')}</button>
        </form>
      </Dialog>
    </div>
  );
}
