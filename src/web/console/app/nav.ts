import type { ComponentType } from 'preact';

/** What a screen component receives: the `:name` parameters of its path. */
export interface ScreenProps {
  params: Record<string, string>;
}

/** One console screen: its path, title, who may open it, and its code (loaded on first use). */
export interface Screen {
  /** Path under /console, with `:name` parameters. */
  path: string;
  /** Message key of the screen's title (the h1 and the document title). */
  titleKey: string;
  /** Shown in the main navigation under this message key (omit for detail screens). */
  navKey?: string;
  /** The caller needs at least one of these permissions (omit: any staff member). */
  anyOf?: string[];
  /** Alt + this key opens the screen. */
  shortcut?: string;
  /** Message key of the screen's own keys, shown in the shortcuts dialog while the screen is open. */
  helpKey?: string;
  load: () => Promise<{ default: ComponentType<ScreenProps> }>;
}

/**
 * Every console screen. Screens are added here (one entry each, in navigation order); the shell
 * builds the navigation, the shortcuts and the routing from this list.
 */
export const SCREENS: Screen[] = [
  { path: '/console', titleKey: 'home.title', navKey: 'nav.home', shortcut: 'h', load: () => import('./pages/home.tsx') },
  { path: '/console/desk', titleKey: 'desk.title', navKey: 'nav.desk', shortcut: 'd', anyOf: ['contacts:write'], load: () => import('./pages/desk/desk.tsx') },
  { path: '/console/walk-in', titleKey: 'walkin.title', navKey: 'nav.walkin', shortcut: 'w', anyOf: ['contacts:write'], load: () => import('./pages/walkin/walkin.tsx') },
  { path: '/console/customers', titleKey: 'customers.title', navKey: 'nav.customers', shortcut: 'u', anyOf: ['customers:read'], load: () => import('./pages/customers/customers.tsx') },
  { path: '/console/customers/:id', titleKey: 'customer.title', anyOf: ['customers:read'], load: () => import('./pages/customers/customer.tsx') },
  { path: '/console/queue', titleKey: 'queue.title', navKey: 'nav.queue', shortcut: 'q', helpKey: 'queue.keys', anyOf: ['requests:write'], load: () => import('./pages/queue/queue.tsx') },
  { path: '/console/requests/:ref', titleKey: 'request.screenTitle', anyOf: ['requests:read'], load: () => import('./pages/requests/detail.tsx') },
  { path: '/console/supervisor', titleKey: 'supervisor.title', navKey: 'nav.supervisor', shortcut: 's', anyOf: ['supervision:read'], load: () => import('./pages/supervisor/supervisor.tsx') },
  { path: '/console/supervisor/templates', titleKey: 'templates.title', anyOf: ['templates:manage'], load: () => import('./pages/supervisor/templates.tsx') },
  { path: '/console/insight', titleKey: 'insight.title', navKey: 'nav.insight', shortcut: 'i', anyOf: ['analytics:read'], load: () => import('./pages/insight/insight.tsx') },
  { path: '/console/admin', titleKey: 'admin.hub.title', navKey: 'nav.admin', shortcut: 'a', anyOf: ['catalog:admin', 'users:admin', 'apikeys:admin', 'kb:edit', 'kb:flags'], load: () => import('./pages/admin/hub.tsx') },
  { path: '/console/admin/services', titleKey: 'admin.services.title', anyOf: ['catalog:admin'], load: () => import('./pages/admin/services.tsx') },
  { path: '/console/admin/services/:code', titleKey: 'admin.service.titleLoading', anyOf: ['catalog:admin'], load: () => import('./pages/admin/service-detail.tsx') },
  { path: '/console/admin/routing', titleKey: 'admin.routing.title', anyOf: ['catalog:admin'], load: () => import('./pages/admin/routing.tsx') },
  { path: '/console/admin/calendars', titleKey: 'admin.calendars.title', anyOf: ['catalog:admin'], load: () => import('./pages/admin/calendars.tsx') },
  { path: '/console/admin/users', titleKey: 'admin.users.title', anyOf: ['users:admin'], load: () => import('./pages/admin/users.tsx') },
  { path: '/console/admin/api-keys', titleKey: 'admin.keys.title', anyOf: ['apikeys:admin'], load: () => import('./pages/admin/api-keys.tsx') },
  { path: '/console/admin/kb-review', titleKey: 'admin.kbReview.title', anyOf: ['kb:flags', 'kb:edit'], load: () => import('./pages/admin/kb-review.tsx') },
  { path: '/console/admin/kb-flags', titleKey: 'admin.kbFlags.title', anyOf: ['kb:flags'], load: () => import('./pages/admin/kb-flags.tsx') },
  { path: '/console/admin/kb/:id', titleKey: 'admin.kb.editorTitle', anyOf: ['kb:edit', 'kb:publish'], load: () => import('./pages/admin/kb-article.tsx') },
  { path: '/console/chat', titleKey: 'chat.title', navKey: 'nav.chat', shortcut: 'c', anyOf: ['chat:answer'], load: () => import('./pages/chat/chat.tsx') },
];
