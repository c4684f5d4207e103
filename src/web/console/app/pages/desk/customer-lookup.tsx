import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { announce, errorMessage } from '../../components.tsx';
import { t } from '../../i18n.ts';
import { formatPhone, searchCustomers, type CustomerSummary } from './desk-api.ts';

/** How long typing must pause before the lookup asks the server. */
const DEBOUNCE_MS = 200;

/**
 * Customer lookup as you type (an ARIA 1.2 combobox): names, phone digits or e-mail; Arrow keys move
 * through the matches, Enter picks, Escape closes the list. Matches are announced.
 */
export function CustomerLookup(props: { id: string; onPick: (c: CustomerSummary) => void; inputRef?: { current: HTMLInputElement | null } }): JSX.Element {
  const [q, setQ] = useState('');
  const [matches, setMatches] = useState<CustomerSummary[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [error, setError] = useState('');
  const seq = useRef(0);
  const listId = `${props.id}-list`;

  useEffect(() => {
    const text = q.trim();
    if (text.length < 2) {
      setMatches([]);
      setOpen(false);
      return;
    }
    const mine = ++seq.current;
    const timer = setTimeout(() => {
      searchCustomers(text).then(
        ({ customers }) => {
          if (mine !== seq.current) return;
          setMatches(customers);
          setOpen(true);
          setActive(customers.length ? 0 : -1);
          setError('');
          announce(customers.length ? t('desk.lookup.found', { count: customers.length }) : t('desk.lookup.none'));
        },
        (e: unknown) => mine === seq.current && setError(errorMessage(e)),
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [q]);

  const pick = (c: CustomerSummary) => {
    setOpen(false);
    setQ('');
    props.onPick(c);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' && matches.length) {
      e.preventDefault();
      setOpen(true);
      setActive((i) => (i + 1) % matches.length);
    } else if (e.key === 'ArrowUp' && matches.length) {
      e.preventDefault();
      setActive((i) => (i <= 0 ? matches.length - 1 : i - 1));
    } else if (e.key === 'Enter' && open && active >= 0 && matches[active]) {
      e.preventDefault();
      pick(matches[active]);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      setOpen(false);
    }
  };

  return (
    <div class="lookup">
      <label for={props.id}>{t('desk.lookup.label')}</label>
      <p class="hint" id={`${props.id}-hint`}>
        {t('desk.lookup.hint')}
      </p>
      <input
        id={props.id}
        ref={props.inputRef}
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && active >= 0 ? `${listId}-${active}` : undefined}
        aria-describedby={`${props.id}-hint`}
        autoComplete="off"
        value={q}
        onInput={(e) => setQ(e.currentTarget.value)}
        onKeyDown={onKeyDown}
      />
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <ul id={listId} role="listbox" aria-label={t('desk.lookup.results')} class="lookup-list" hidden={!open || !matches.length}>
        {matches.map((c, i) => (
          <li key={c.id} id={`${listId}-${i}`} role="option" aria-selected={i === active} class={i === active ? 'active' : ''} onMouseDown={(e) => (e.preventDefault(), pick(c))}>
            <strong>{c.name ?? t('desk.customer.unnamed')}</strong>
            <span>{[c.phones.map(formatPhone).join(', '), c.emails.join(', '), c.address].filter(Boolean).join(' · ')}</span>
          </li>
        ))}
      </ul>
      {open && !matches.length ? <p class="hint">{t('desk.lookup.none')}</p> : null}
    </div>
  );
}
