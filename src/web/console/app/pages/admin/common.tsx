import type { JSX } from 'preact';
import { ApiError } from '../../api.ts';
import { can, useMe, type FieldError } from '../../components.tsx';
import { locale, t } from '../../i18n.ts';
import { linkClick } from '../../router.ts';

/** Shared pieces of the administration screens. */

/** The portal's five languages: every localised catalog text has a field for each. */
export const CATALOG_LANGUAGES = ['en', 'es', 'vi', 'zh-Hant', 'ru'] as const;
export const LANGUAGE_NAMES: Record<string, string> = { en: 'English', es: 'Español', vi: 'Tiếng Việt', 'zh-Hant': '繁體中文', ru: 'Русский' };

export type Localized = Record<string, string>;

/** A localised text in the console's language, else English, else any. */
export function inLang(text: Localized | null | undefined): string {
  if (!text) return '';
  return text[locale] ?? text.en ?? Object.values(text)[0] ?? '';
}

/**
 * The field errors of a failed save, for ErrorSummary and the fields: the API's problems with their
 * `body.` prefix removed (field ids are `f-<field>`), or the error's one field, or a form-level line.
 */
export function fieldErrors(error: unknown): FieldError[] {
  if (!(error instanceof ApiError)) return [];
  const strip = (f: string): string => f.replace(/^body\./, '');
  if (error.problems.length) return error.problems.map((p) => ({ field: strip(p.field), message: p.message }));
  if (error.status === 400 || error.status === 409) return [{ field: strip(error.field ?? 'form'), message: error.message }];
  return [];
}

/** Errors on items of a list field (`scopes.2`) reported on the list (`scopes`), whose control group has the id. */
export function onLists(errors: FieldError[], lists: string[]): FieldError[] {
  return errors.map((e) => {
    const list = lists.find((l) => e.field.startsWith(`${l}.`));
    return list ? { ...e, field: list } : e;
  });
}

/** The error message for one field, if any. */
export function errorFor(errors: FieldError[], field: string): string | undefined {
  return errors.find((e) => e.field === field)?.message;
}

/** Whether a failed save lost to someone else's (409 stale_version). */
export function isStale(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'stale_version';
}

/** The administration screens, with the permissions that open each (the hub and sub-navigation list the allowed ones). */
export const ADMIN_SCREENS: Array<{ href: string; key: string; anyOf: string[] }> = [
  { href: '/console/admin/services', key: 'admin.services', anyOf: ['catalog:admin'] },
  { href: '/console/admin/routing', key: 'admin.routing', anyOf: ['catalog:admin'] },
  { href: '/console/admin/calendars', key: 'admin.calendars', anyOf: ['catalog:admin'] },
  { href: '/console/admin/users', key: 'admin.users', anyOf: ['users:admin'] },
  { href: '/console/admin/api-keys', key: 'admin.keys', anyOf: ['apikeys:admin'] },
  { href: '/console/admin/kb-review', key: 'admin.kbReview', anyOf: ['kb:flags', 'kb:edit'] },
  { href: '/console/admin/kb-flags', key: 'admin.kbFlags', anyOf: ['kb:flags'] },
];

/** Every permission any administration screen needs (the hub's own). */
export const ADMIN_PERMISSIONS = [...new Set(ADMIN_SCREENS.flatMap((s) => s.anyOf))];

/** The sub-navigation of the administration area (a nav landmark with its own name), limited to what the user may open. */
export function AdminNav({ current }: { current: string }): JSX.Element {
  const me = useMe();
  const links = ADMIN_SCREENS.filter((s) => s.anyOf.some((p) => can(me, p)));
  return (
    <nav class="admin-nav" aria-label={t('admin.nav')}>
      <ul>
        <li>
          <a href="/console/admin" onClick={linkClick} aria-current={current === '/console/admin' ? 'page' : undefined}>
            {t('admin.hub.title')}
          </a>
        </li>
        {links.map((l) => (
          <li key={l.href}>
            <a href={l.href} onClick={linkClick} aria-current={current === l.href ? 'page' : undefined}>
              {t(`${l.key}.title`)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
