import { readFileSync } from 'node:fs';
import { IntlMessageFormat } from 'intl-messageformat';

/** The languages Frontdoor speaks, by BCP 47 tag, with their names in their own language. */
export const LOCALES = ['en', 'es', 'vi', 'zh-Hant', 'ru'] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', es: 'Español', vi: 'Tiếng Việt', 'zh-Hant': '繁體中文', ru: 'Русский' };

type Catalog = Record<string, string>;
const catalogs = Object.fromEntries(
  LOCALES.map((l) => [l, JSON.parse(readFileSync(new URL(`./messages/${l}.json`, import.meta.url), 'utf8')) as Catalog]),
) as Record<Locale, Catalog>;
const compiled = new Map<string, IntlMessageFormat>();

/** Every message key; English is the reference catalog. */
export const MESSAGE_KEYS = Object.keys(catalogs.en);

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * Formats a message in a language (ICU MessageFormat: plurals, selects, numbers). A key missing in
 * that language falls back to English; a key missing everywhere is a programming error and throws.
 */
export function t(locale: Locale, key: string, values?: Record<string, string | number>): string {
  const source = catalogs[locale][key] ?? catalogs.en[key];
  if (source === undefined) throw new Error(`missing message key: ${key}`);
  const id = `${locale}\u0000${key}`;
  let format = compiled.get(id);
  if (!format) compiled.set(id, (format = new IntlMessageFormat(source, locale)));
  return String(format.format(values));
}

/** Keys each language lacks compared with English (a test keeps this empty). */
export function missingKeys(): Record<Locale, string[]> {
  return Object.fromEntries(LOCALES.map((l) => [l, MESSAGE_KEYS.filter((k) => !(k in catalogs[l]))])) as Record<Locale, string[]>;
}

/**
 * Picks the language: an explicit choice (query or cookie) if supported, else the best match in
 * Accept-Language (zh-TW, zh-HK and zh-Hant map to zh-Hant), else the default.
 */
export function negotiateLocale(choice: string | undefined, acceptLanguage: string | undefined, fallback: Locale = 'en'): Locale {
  if (isLocale(choice)) return choice;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? '1');
      return { tag: tag.trim().toLowerCase(), q: Number.isFinite(q) ? q : 0 };
    })
    .filter((x) => x.tag && x.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) {
      if (/^zh-(hant|tw|hk|mo)/.test(tag)) return 'zh-Hant';
      continue; // Simplified Chinese is not offered; do not pretend Traditional is the same.
    }
    const base = tag.split('-')[0];
    if (isLocale(base)) return base;
  }
  return fallback;
}

/** Text from a localised jsonb value in the visitor's language, falling back to English. */
export function localized(value: Record<string, string> | null | undefined, locale: Locale): string {
  if (!value) return '';
  return value[locale] ?? value.en ?? Object.values(value)[0] ?? '';
}
