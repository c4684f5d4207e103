import { useEffect, useState } from 'preact/hooks';

/** The console lives under this path; the server sends index.html for every path below it. */
export const BASE = '/console';

const listeners = new Set<() => void>();
const notify = (): void => listeners.forEach((l) => l());
addEventListener('popstate', notify);

/** Goes to a console path (pushes history; `replace` for redirects and filter changes). */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (path === location.pathname + location.search) return;
  if (options.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  notify();
}

/** The current location (path and query), re-rendering the caller when it changes. */
export function useLocation(): { path: string; search: URLSearchParams } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = (): void => setTick((n) => n + 1);
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  return { path: location.pathname.replace(/\/+$/, '') || BASE, search: new URLSearchParams(location.search) };
}

/** Matches a path against a pattern with `:name` segments; the parameters, or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const have = path.split('/');
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    const h = have[i] as string;
    if (w.startsWith(':')) {
      if (!h) return null;
      params[w.slice(1)] = decodeURIComponent(h);
    } else if (w !== h) return null;
  }
  return params;
}

/**
 * A click handler for in-app links: plain left clicks navigate without a reload; modified clicks
 * (new tab, new window) keep the browser's behaviour.
 */
export function linkClick(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = (event.currentTarget as HTMLAnchorElement | null) ?? null;
  if (!anchor?.href || anchor.target || new URL(anchor.href).origin !== location.origin) return;
  event.preventDefault();
  const url = new URL(anchor.href);
  navigate(url.pathname + url.search);
}
