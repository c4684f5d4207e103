import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, query } from '../../api.ts';
import { announce, ErrorNote, ErrorSummary, Loading, TextField, useAsync } from '../../components.tsx';
import { Confirm } from '../../components/modal.tsx';
import { t } from '../../i18n.ts';
import { AdminNav, errorFor, fieldErrors, inLang, type Localized } from './common.tsx';
import './admin.css';

interface Span {
  weekday: number;
  opens: string;
  closes: string;
}
interface Calendar {
  jurisdictionId: string;
  timeZone: string;
  observesFederalHolidays: boolean;
  hours: Span[];
  holidays: Array<{ date: string; name: string }>;
  federalHolidays: Array<{ date: string; name: string }>;
}
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

/** Business calendars per jurisdiction: weekly opening hours, local holidays, federal holidays on or off. */
export default function Calendars(): JSX.Element {
  const jurisdictions = useAsync(() => api<{ jurisdictions: Array<{ id: string; name: Localized; isDefault: boolean }> }>('GET', '/api/v1/jurisdictions').then((r) => r.jurisdictions), []);
  const [jurisdiction, setJurisdiction] = useState('');
  const calendar = useAsync(() => api<{ calendar: Calendar }>('GET', `/api/v1/calendar${query({ jurisdiction_id: jurisdiction })}`).then((r) => r.calendar), [jurisdiction]);
  const q = query({ jurisdiction_id: jurisdiction });
  return (
    <>
      <h1>{t('admin.calendars.title')}</h1>
      <AdminNav current="/console/admin/calendars" />
      <p class="notice">{t('admin.calendars.existing')}</p>
      {(jurisdictions.data?.length ?? 0) > 1 ? (
        <div class="field">
          <label for="jurisdiction">{t('admin.calendars.jurisdiction')}</label>
          <select id="jurisdiction" value={jurisdiction} onChange={(e) => setJurisdiction(e.currentTarget.value)}>
            {jurisdictions.data?.map((j) => (
              <option key={j.id} value={j.isDefault ? '' : j.id}>
                {inLang(j.name)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <ErrorNote error={calendar.error ?? jurisdictions.error} />
      {!calendar.data ? (
        calendar.error ? null : <Loading />
      ) : (
        <div key={`${calendar.data.jurisdictionId}`}>
          <p>{t('admin.calendars.zone', { zone: calendar.data.timeZone })}</p>
          <Hours calendar={calendar.data} q={q} onSaved={calendar.reload} />
          <Holidays calendar={calendar.data} q={q} onChanged={calendar.reload} />
        </div>
      )}
    </>
  );
}

function Hours(props: { calendar: Calendar; q: string; onSaved: () => void }): JSX.Element {
  const [spans, setSpans] = useState<Span[]>(props.calendar.hours);
  const [federal, setFederal] = useState(props.calendar.observesFederalHolidays);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setSpans(props.calendar.hours);
    setFederal(props.calendar.observesFederalHolidays);
  }, [props.calendar]);
  const errors = fieldErrors(error);
  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('PUT', `/api/v1/calendar/hours${props.q}`, { hours: spans, observesFederalHolidays: federal });
      announce(t('admin.calendars.hoursSaved'));
      props.onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const update = (i: number, patch: Partial<Span>): void => setSpans(spans.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  return (
    <form onSubmit={save} class="admin-form" noValidate aria-labelledby="hours-title">
      <h2 id="hours-title">{t('admin.calendars.hours')}</h2>
      <ErrorSummary errors={errors} />
      {errors.length ? null : <ErrorNote error={error} />}
      {WEEKDAYS.map((day) => {
        const mine = spans.map((s, i) => ({ s, i })).filter((x) => x.s.weekday === day);
        return (
          <div class="hours-day" key={day} role="group" aria-labelledby={`day-${day}`}>
            <h3 id={`day-${day}`} class="day-name">
              {t(`admin.weekday.${day}`)}
            </h3>
            <div class="spans">
              {mine.length === 0 ? <span>{t('admin.calendars.closed')}</span> : null}
              {mine.map(({ s, i }, n) => (
                <div class="span-row" key={i}>
                  <label for={`f-hours.${i}.opens`}>{t('admin.calendars.opens', { day: t(`admin.weekday.${day}`), n: n + 1 })}</label>
                  <input id={`f-hours.${i}.opens`} type="time" value={s.opens} onInput={(e) => update(i, { opens: e.currentTarget.value })} aria-invalid={Boolean(errorFor(errors, `hours.${i}.opens`)) || undefined} />
                  <label for={`f-hours.${i}.closes`}>{t('admin.calendars.closes', { day: t(`admin.weekday.${day}`), n: n + 1 })}</label>
                  <input id={`f-hours.${i}.closes`} type="text" inputMode="numeric" pattern="[0-2][0-9]:[0-5][0-9]" value={s.closes} onInput={(e) => update(i, { closes: e.currentTarget.value })} aria-invalid={Boolean(errorFor(errors, `hours.${i}.closes`)) || undefined} />
                  <button type="button" class="secondary" onClick={() => setSpans(spans.filter((_, j) => j !== i))} aria-label={t('admin.calendars.removeSpan', { day: t(`admin.weekday.${day}`), n: n + 1 })}>
                    {t('admin.remove')}
                  </button>
                </div>
              ))}
              <div>
                <button type="button" class="secondary" onClick={() => setSpans([...spans, { weekday: day, opens: '08:00', closes: '17:00' }])} aria-label={t('admin.calendars.addSpanNamed', { day: t(`admin.weekday.${day}`) })}>
                  {t('admin.calendars.addSpan')}
                </button>
              </div>
            </div>
          </div>
        );
      })}
      <p class="hint">{t('admin.calendars.closesHint')}</p>
      <div class="check">
        <input id="f-observesFederalHolidays" type="checkbox" checked={federal} onChange={(e) => setFederal(e.currentTarget.checked)} />
        <label for="f-observesFederalHolidays">{t('admin.calendars.federal')}</label>
      </div>
      <div class="actions">
        <button type="submit" disabled={busy}>
          {t('admin.calendars.saveHours')}
        </button>
      </div>
    </form>
  );
}

function Holidays(props: { calendar: Calendar; q: string; onChanged: () => void }): JSX.Element {
  const [date, setDate] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [removing, setRemoving] = useState<{ date: string; name: string } | null>(null);
  const [removeError, setRemoveError] = useState<unknown>(null);
  const errors = fieldErrors(error);
  const add = async (event: Event): Promise<void> => {
    event.preventDefault();
    setError(null);
    try {
      await api('POST', `/api/v1/calendar/holidays${props.q}`, { date, name });
      announce(t('admin.calendars.holidayAdded', { name, date }));
      setDate('');
      setName('');
      props.onChanged();
    } catch (e) {
      setError(e);
    }
  };
  const remove = async (): Promise<void> => {
    if (!removing) return;
    try {
      await api('DELETE', `/api/v1/calendar/holidays/${removing.date}${props.q}`);
      announce(t('admin.calendars.holidayRemoved', { name: removing.name }));
      props.onChanged();
    } catch (e) {
      setRemoveError(e);
    }
    setRemoving(null);
  };
  return (
    <section aria-labelledby="holidays-title">
      <h2 id="holidays-title">{t('admin.calendars.holidays')}</h2>
      <ErrorNote error={removeError} />
      {props.calendar.holidays.length === 0 ? (
        <p>{t('admin.calendars.noHolidays')}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{t('admin.calendars.holidays')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.calendars.date')}</th>
              <th scope="col">{t('admin.calendars.name')}</th>
              <th scope="col">{t('admin.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {props.calendar.holidays.map((h) => (
              <tr key={h.date}>
                <td>{h.date}</td>
                <th scope="row">{h.name}</th>
                <td>
                  <button type="button" class="secondary" aria-label={t('admin.calendars.removeHoliday', { name: h.name })} onClick={() => setRemoving(h)}>
                    {t('admin.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={add} class="admin-form" noValidate aria-labelledby="add-holiday-title">
        <h3 id="add-holiday-title">{t('admin.calendars.addHoliday')}</h3>
        <ErrorSummary errors={errors} />
        {errors.length ? null : <ErrorNote error={error} />}
        <div class="inline-fields">
          <TextField name="date" type="date" label={t('admin.calendars.date')} value={date} onValue={setDate} error={errorFor(errors, 'date')} required />
          <TextField name="name" label={t('admin.calendars.name')} value={name} onValue={setName} error={errorFor(errors, 'name')} required maxLength={100} />
        </div>
        <button type="submit">{t('admin.calendars.addHoliday')}</button>
      </form>
      <details>
        <summary>{t('admin.calendars.federalList')}</summary>
        <ul>
          {props.calendar.federalHolidays.map((h) => (
            <li key={h.date}>
              {h.date} — {h.name}
            </li>
          ))}
        </ul>
      </details>
      <Confirm
        id="remove-holiday"
        open={removing !== null}
        title={t('admin.calendars.removeTitle')}
        body={removing ? t('admin.calendars.removeBody', { name: removing.name, date: removing.date }) : ''}
        confirmLabel={t('admin.remove')}
        cancelLabel={t('common.cancel')}
        onConfirm={() => void remove()}
        onCancel={() => setRemoving(null)}
      />
    </section>
  );
}
