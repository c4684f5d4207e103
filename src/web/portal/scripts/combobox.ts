import { suggest, type Place } from './geo-data.ts';

let counter = 0;

/**
 * Address autocomplete as an ARIA 1.2 combobox on a text input: a listbox of suggestions from the
 * gazetteer, the active option named by aria-activedescendant, Up/Down to move, Enter to choose,
 * Escape to close. Typing and submitting the form work exactly as without it.
 */
export function addressCombobox(input: HTMLInputElement, options: { locale: string; hint: string; onChoose: (place: Place) => void; onType?: () => void }): void {
  const id = `combo-${++counter}`;
  const wrapper = input.parentElement?.classList.contains('combo') ? input.parentElement : wrapInput(input);
  const list = document.createElement('ul');
  list.id = `${id}-list`;
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', input.labels?.[0]?.textContent ?? '');
  list.hidden = true;
  wrapper.append(list);
  const live = document.createElement('p');
  live.className = 'visually-hidden';
  live.setAttribute('aria-live', 'polite');
  wrapper.append(live);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', list.id);
  input.setAttribute('autocomplete', 'off');

  let places: Place[] = [];
  let active = -1;
  let pending: AbortController | null = null;
  let timer = 0;

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const highlight = (i: number) => {
    active = i;
    [...list.children].forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
    if (i >= 0) {
      input.setAttribute('aria-activedescendant', `${id}-opt-${i}`);
      list.children[i]?.scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  };
  const choose = (i: number) => {
    const place = places[i];
    if (!place) return;
    input.value = place.label;
    close();
    options.onChoose(place);
  };
  const render = () => {
    list.replaceChildren(
      ...places.map((p, i) => {
        const li = document.createElement('li');
        li.id = `${id}-opt-${i}`;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        li.textContent = p.label;
        // mousedown, not click: the input must not lose focus first.
        li.addEventListener('mousedown', (e) => {
          e.preventDefault();
          choose(i);
        });
        return li;
      }),
    );
    list.hidden = places.length === 0;
    input.setAttribute('aria-expanded', String(places.length > 0));
    live.textContent = places.length ? options.hint : '';
    active = -1;
  };

  input.addEventListener('input', () => {
    options.onType?.();
    window.clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 3) {
      places = [];
      render();
      return;
    }
    timer = window.setTimeout(async () => {
      pending?.abort();
      pending = new AbortController();
      try {
        places = await suggest(q, options.locale, pending.signal);
        render();
      } catch {
        // aborted or offline: no suggestions
      }
    }, 250);
  });
  input.addEventListener('keydown', (e) => {
    const open = !list.hidden && places.length > 0;
    if (e.key === 'ArrowDown' && places.length) {
      e.preventDefault();
      if (!open) render();
      highlight(Math.min(active + 1, places.length - 1));
    } else if (e.key === 'ArrowUp' && open) {
      e.preventDefault();
      highlight(Math.max(active - 1, 0));
    } else if (e.key === 'Enter' && open && active >= 0) {
      e.preventDefault();
      choose(active);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      close();
    }
  });
  input.addEventListener('blur', () => window.setTimeout(close, 150));
}

function wrapInput(input: HTMLInputElement): HTMLElement {
  const wrapper = document.createElement('div');
  wrapper.className = 'combo';
  input.before(wrapper);
  wrapper.append(input);
  return wrapper;
}
