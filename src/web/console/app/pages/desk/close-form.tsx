import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { ErrorNote, Field, useAsync } from '../../components.tsx';
import { locale, t } from '../../i18n.ts';
import { localized, OUTCOMES, type Localized, type Outcome } from './desk-api.ts';

interface Department {
  id: string;
  kind: 'department' | 'agency';
  name: Localized;
  phone: string | null;
  hours: Localized;
  active: boolean;
}

export interface CloseChoice {
  outcome: Outcome;
  referredAgencyId?: string;
  transferredDepartmentId?: string;
  resolvedFirstContact?: boolean;
  notes?: string;
}

/**
 * Closing the contact: its outcome (suggested from what happened), the agency it was referred to
 * with that agency's phone and hours, or the department it was transferred to; notes. Submitting
 * logs it and the desk resets for the next caller.
 */
export function CloseForm(props: { suggested: Outcome; focusAgency: boolean; busy: boolean; error: unknown; onClose: (c: CloseChoice) => void; onCancel: () => void }): JSX.Element {
  const departments = useAsync(() => api<{ departments: Department[] }>('GET', '/api/v1/departments'), []);
  const [outcome, setOutcome] = useState<Outcome>(props.focusAgency ? 'referred' : props.suggested);
  const [agency, setAgency] = useState('');
  const [department, setDepartment] = useState('');
  const [unresolved, setUnresolved] = useState(false);
  const [notes, setNotes] = useState('');
  const outcomeRef = useRef<HTMLSelectElement>(null);
  const agencyRef = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    (props.focusAgency ? agencyRef.current : outcomeRef.current)?.focus();
  }, []);
  const all = (departments.data?.departments ?? []).filter((d) => d.active);
  const agencies = all.filter((d) => d.kind === 'agency');
  const chosen = agencies.find((a) => a.id === agency);
  const met = outcome === 'answered' || outcome === 'request_created' || outcome === 'referred';

  const submit = (e: Event) => {
    e.preventDefault();
    props.onClose({
      outcome,
      ...(outcome === 'referred' ? { referredAgencyId: agency } : {}),
      ...(outcome === 'transferred' ? { transferredDepartmentId: department } : {}),
      ...(met && unresolved ? { resolvedFirstContact: false } : {}),
      ...(notes.trim() ? { notes: notes.trim() } : {}),
    });
  };

  return (
    <form class="desk-close" onSubmit={submit} aria-labelledby="desk-close-title">
      <h3 id="desk-close-title">{t('desk.close.title')}</h3>
      <ErrorNote error={props.error ?? departments.error} />
      <Field name="desk-outcome" label={t('desk.close.outcome')}>
        {({ id }) => (
          <select id={id} ref={outcomeRef} value={outcome} onChange={(e) => setOutcome(e.currentTarget.value as Outcome)}>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {t(`desk.outcome.${o}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {outcome === 'referred' ? (
        <Field name="desk-agency" label={t('desk.close.agency')}>
          {({ id }) => (
            <select id={id} ref={agencyRef} value={agency} onChange={(e) => setAgency(e.currentTarget.value)} required>
              <option value="">{t('desk.request.choose')}</option>
              {agencies.map((a) => (
                <option key={a.id} value={a.id}>
                  {localized(a.name, locale)}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      {outcome === 'referred' && chosen ? (
        <dl class="facts" aria-live="polite">
          <dt>{t('desk.close.agencyPhone')}</dt>
          <dd>{chosen.phone ?? '—'}</dd>
          <dt>{t('desk.close.agencyHours')}</dt>
          <dd>{localized(chosen.hours, locale) || '—'}</dd>
        </dl>
      ) : null}
      {outcome === 'transferred' ? (
        <Field name="desk-department" label={t('desk.close.department')}>
          {({ id }) => (
            <select id={id} value={department} onChange={(e) => setDepartment(e.currentTarget.value)} required>
              <option value="">{t('desk.request.choose')}</option>
              {all
                .filter((d) => d.kind === 'department')
                .map((d) => (
                  <option key={d.id} value={d.id}>
                    {localized(d.name, locale)}
                  </option>
                ))}
            </select>
          )}
        </Field>
      ) : null}
      {met ? (
        <label class="check">
          <input type="checkbox" checked={unresolved} onChange={(e) => setUnresolved(e.currentTarget.checked)} /> {t('desk.close.unresolved')}
        </label>
      ) : null}
      <Field name="desk-notes" label={t('desk.close.notes')}>
        {({ id }) => <textarea id={id} rows={2} value={notes} onInput={(e) => setNotes(e.currentTarget.value)} />}
      </Field>
      <div class="toolbar">
        <button type="submit" disabled={props.busy}>
          {t('desk.close.submit')}
        </button>
        <button type="button" class="secondary" onClick={props.onCancel}>
          {t('desk.close.back')}
        </button>
      </div>
    </form>
  );
}
