import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { ErrorNote, announce } from '../../components.tsx';
import { t } from '../../i18n.ts';
import { loadAssignees, type Assignee } from './catalog.ts';
import type { QueueItem } from './types.ts';

interface BulkResult {
  succeeded: number;
  failed: number;
  results: Array<{ ref: number; ok: boolean; error?: { message: string } }>;
}

const BULK_TARGETS = ['acknowledged', 'in_progress', 'on_hold', 'resolved', 'closed', 'cancelled'] as const;

/** Bulk assign and bulk status change for the selected requests; failures are listed per request. */
export function BulkBar({ selected, onDone }: { selected: QueueItem[]; onDone: (report: string[]) => void }): JSX.Element {
  const departments = [...new Set(selected.map((r) => r.departmentId))];
  const [people, setPeople] = useState<Assignee[]>([]);
  const [assignee, setAssignee] = useState('');
  const [to, setTo] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    // Only people who may work every selected request's department.
    Promise.all(departments.map(loadAssignees)).then(
      (lists) => setPeople((lists[0] ?? []).filter((p) => lists.every((l) => l.some((q) => q.id === p.id)))),
      setError,
    );
  }, [departments.join(',')]);

  const label = (ref: number) => selected.find((s) => s.id === ref)?.trackingNumber ?? String(ref);
  const run = async (body: Record<string, unknown>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const r = await api<BulkResult>('POST', '/api/v1/requests/bulk', { ...body, items: selected.map((s) => ({ ref: s.id, expectedVersion: s.version })) });
      const summary = t('queue.bulk.result', { ok: r.succeeded, failed: r.failed });
      announce(summary);
      onDone([summary, ...r.results.filter((x) => !x.ok).map((x) => `${label(x.ref)}: ${x.error?.message ?? ''}`)]);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel bulk" aria-labelledby="bulk-title">
      <h2 id="bulk-title">{t('queue.bulk.title', { count: selected.length })}</h2>
      <ErrorNote error={error} />
      <div class="toolbar">
        <div class="field">
          <label for="bulk-assignee">{t('queue.bulk.assignTo')}</label>
          <select id="bulk-assignee" value={assignee} onChange={(e) => setAssignee(e.currentTarget.value)}>
            <option value="">{t('queue.bulk.choose')}</option>
            <option value="none">{t('queue.unassigned')}</option>
            {people.map((p) => (
              <option key={p.id} value={String(p.id)}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <button type="button" disabled={busy || !assignee} onClick={() => void run({ action: 'assign', assigneeId: assignee === 'none' ? null : Number(assignee) })}>
          {t('queue.bulk.assign')}
        </button>
      </div>
      <div class="toolbar">
        <div class="field">
          <label for="bulk-status">{t('queue.bulk.moveTo')}</label>
          <select id="bulk-status" value={to} onChange={(e) => setTo(e.currentTarget.value)}>
            <option value="">{t('queue.bulk.choose')}</option>
            {BULK_TARGETS.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field grow">
          <label for="bulk-note">{t('queue.bulk.publicNote')}</label>
          <input id="bulk-note" value={note} onInput={(e) => setNote(e.currentTarget.value)} maxLength={4000} />
        </div>
        <button type="button" disabled={busy || !to} onClick={() => void run({ action: 'transition', to, ...(note.trim() ? { publicNote: note } : {}) })}>
          {t('queue.bulk.apply')}
        </button>
      </div>
    </section>
  );
}
