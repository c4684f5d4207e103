import type { JSX } from 'preact';
import { useMe } from '../components.tsx';
import { t } from '../i18n.ts';
import { SCREENS } from '../nav.ts';
import { linkClick } from '../router.ts';

/** The console's start: who is signed in, their roles and departments, and the screens they may open. */
export default function Home(): JSX.Element {
  const me = useMe();
  const screens = SCREENS.filter((s) => s.navKey && s.path !== '/console' && (!s.anyOf || s.anyOf.some((p) => me.principal.permissions.includes(p))));
  return (
    <>
      <h1>{t('home.title')}</h1>
      <p>{t('home.welcome', { name: me.principal.name })}</p>
      <dl class="facts">
        <dt>{t('home.roles')}</dt>
        <dd>{me.principal.roles.join(', ') || t('common.none')}</dd>
        <dt>{t('home.departments')}</dt>
        <dd>{me.principal.departments.join(', ') || t('home.allDepartments')}</dd>
      </dl>
      <h2>{t('home.screens')}</h2>
      {screens.length ? (
        <ul class="cards">
          {screens.map((s) => (
            <li key={s.path}>
              <a href={s.path} onClick={linkClick}>
                {t(s.titleKey)}
              </a>
              {s.shortcut ? (
                <span class="hint">
                  {' '}
                  (<kbd>Alt</kbd>+<kbd>{s.shortcut.toUpperCase()}</kbd>)
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('home.noScreens')}</p>
      )}
    </>
  );
}
