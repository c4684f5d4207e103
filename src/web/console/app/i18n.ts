import { IntlMessageFormat } from 'intl-messageformat';
import en from './messages/en.json';
import es from './messages/es.json';

/** The console's languages (the portal speaks five; staff screens English and Spanish). */
export const CONSOLE_LOCALES = { en: 'English', es: 'Español' } as const;
export type ConsoleLocale = keyof typeof CONSOLE_LOCALES;
const catalogs: Record<ConsoleLocale, Record<string, string>> = { en, es };
const STORAGE_KEY = 'frontdoor.console.lang';

function initialLocale(): ConsoleLocale {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === 'en' || saved === 'es') return saved;
  return navigator.language.toLowerCase().startsWith('es') ? 'es' : 'en';
}

/** The language the console is shown in. */
export const locale: ConsoleLocale = initialLocale();
document.documentElement.lang = locale;
const compiled = new Map<string, IntlMessageFormat>();

/**
 * A message from the console catalog in the current language (ICU MessageFormat). A key missing in
 * Spanish falls back to English; a key missing in English is a programming error and shows the key.
 */
export function t(key: string, values?: Record<string, string | number | Date>): string {
  const source = catalogs[locale][key] ?? catalogs.en[key];
  if (source === undefined) {
    console.error(`missing console message: ${key}`);
    return key;
  }
  let format = compiled.get(key);
  if (!format) compiled.set(key, (format = new IntlMessageFormat(source, locale)));
  return String(format.format(values));
}

/** Switches language; the console reloads so every screen is redrawn in it. */
export function chooseLocale(next: ConsoleLocale): void {
  localStorage.setItem(STORAGE_KEY, next);
  location.reload();
}

const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });

/** A timestamp as staff read it (local time of the browser). */
export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : '';
}

/** "in 3 hours" / "2 days ago", for SLA clocks and activity. */
export function formatRelative(iso: string, now = Date.now()): string {
  const seconds = (new Date(iso).getTime() - now) / 1000;
  const abs = Math.abs(seconds);
  if (abs < 60) return relative.format(Math.round(seconds), 'second');
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400 * 2) return relative.format(Math.round(seconds / 3600), 'hour');
  return relative.format(Math.round(seconds / 86400), 'day');
}
