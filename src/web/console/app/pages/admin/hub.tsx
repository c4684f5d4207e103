import type { JSX } from 'preact';
import { can, useMe } from '../../components.tsx';
import { t } from '../../i18n.ts';
import { linkClick } from '../../router.ts';
import { ADMIN_SCREENS, AdminNav } from './common.tsx';
import './admin.css';

/** The administration hub: the administration screens this staff member may open, each with what it is for. */
export default function AdminHub(): JSX.Element {
  const me = useMe();
  const screens = ADMIN_SCREENS.filter((s) => s.anyOf.some((p) => can(me, p)));
  return (
    <>
      <h1>{t('admin.hub.title')}</h1>
      <AdminNav current="/console/admin" />
      <p>{t('admin.hub.intro')}</p>
      <ul class="cards">
        {screens.map((s) => (
          <li key={s.href}>
            <a href={s.href} onClick={linkClick}>
              {t(`${s.key}.title`)}
            </a>
            <p class="hint">{t(`${s.key}.about`)}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
