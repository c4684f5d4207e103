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
  load: () => Promise<{ default: ComponentType<ScreenProps> }>;
}

/**
 * Every console screen. Screens are added here (one entry each, in navigation order); the shell
 * builds the navigation, the shortcuts and the routing from this list.
 */
export const SCREENS: Screen[] = [
  { path: '/console', titleKey: 'home.title', navKey: 'nav.home', shortcut: 'h', load: () => import('./pages/home.tsx') },
];
