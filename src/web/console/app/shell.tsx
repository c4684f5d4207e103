import type { ComponentType, JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, onSignedOut, setCsrfToken, type Me } from './api.ts';
import { Dialog, ErrorNote, Loading, MeContext, TextField } from './components.tsx';
import { chooseLocale, CONSOLE_LOCALES, locale, t, type ConsoleLocale } from './i18n.ts';
import { SCREENS, type Screen, type ScreenProps } from './nav.ts';
import { BASE, linkClick, matchPath, navigate, useLocation } from './router.ts';

/** Screens this staff member may open. */
function allowed(me: Me, screen: Screen): boolean {
  return !screen.anyOf || screen.anyOf.some((p) => me.principal.permissions.includes(p));
}

/** The console: sign-in when needed, then navigation, the current screen and the shortcuts. */
export function Shell(): JSX.Element {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  useEffect(() => {
    api<Me>('GET', '/api/v1/auth/me').then(
      (m) => {
        setCsrfToken(m.csrfToken);
        setMe(m);
      },
      () => setMe(null),
    );
    return onSignedOut(() => setMe(null));
  }, []);
  if (me === undefined) return <Loading />;
  if (me === null)
    return (
      <SignIn
        onSignedIn={(m) => {
          setCsrfToken(m.csrfToken);
          setMe(m);
        }}
      />
    );
  return (
    <MeContext.Provider value={me}>
      <SignedIn me={me} onSignedOut={() => setMe(null)} />
    </MeContext.Provider>
  );
}

function SignIn({ onSignedIn }: { onSignedIn: (me: Me) => void }): JSX.Element {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => void (document.title = `${t('signIn.title')} — ${t('app.name')}`), []);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await api<Me>('POST', '/api/v1/auth/sign-in', { email, password }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" class="sign-in">
      <h1>{t('signIn.title')}</h1>
      <p>{t('signIn.intro')}</p>
      <form onSubmit={submit} aria-describedby={error ? 'sign-in-error' : undefined}>
        <div id="sign-in-error">
          <ErrorNote error={error} />
        </div>
        <TextField name="email" type="email" label={t('signIn.email')} value={email} onValue={setEmail} autoComplete="username" required />
        <TextField name="password" type="password" label={t('signIn.password')} value={password} onValue={setPassword} autoComplete="current-password" required />
        <button type="submit" disabled={busy}>
          {t('signIn.submit')}
        </button>
      </form>
      <LanguagePicker />
    </main>
  );
}

function LanguagePicker(): JSX.Element {
  return (
    <div class="language">
      <label for="console-language">{t('shell.language')}</label>
      <select id="console-language" value={locale} onChange={(e) => chooseLocale(e.currentTarget.value as ConsoleLocale)}>
        {Object.entries(CONSOLE_LOCALES).map(([tag, name]) => (
          <option key={tag} value={tag} lang={tag}>
            {name}
          </option>
        ))}
      </select>
    </div>
  );
}

const loaded = new Map<Screen, ComponentType<ScreenProps>>();

function SignedIn({ me, onSignedOut }: { me: Me; onSignedOut: () => void }): JSX.Element {
  const { path } = useLocation();
  const screens = SCREENS.filter((s) => allowed(me, s));
  const found = screens.map((screen) => ({ screen, params: matchPath(screen.path, path) })).find((m) => m.params);
  const [, setLoadedTick] = useState(0);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  const Component = found ? loaded.get(found.screen) : undefined;

  useEffect(() => {
    if (!found || loaded.has(found.screen)) return;
    found.screen.load().then(
      (module) => {
        loaded.set(found.screen, module.default);
        setLoadedTick((n) => n + 1);
      },
      setLoadError,
    );
  }, [found?.screen]);

  useEffect(() => {
    document.title = `${found ? t(found.screen.titleKey) : t('notFound.title')} — ${t('app.name')}`;
    // After in-app navigation, move focus to the new screen so keyboard and screen-reader users start there.
    if (!first.current) main.current?.focus();
    first.current = false;
  }, [path]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      const target = event.target as HTMLElement | null;
      const typing = target?.closest('input, textarea, select, [contenteditable="true"]');
      if (event.key === '?' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        setHelpOpen(true);
        return;
      }
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      const screen = screens.find((s) => s.shortcut && event.code === `Key${s.shortcut.toUpperCase()}`);
      if (screen) {
        event.preventDefault();
        navigate(screen.path);
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [screens.length]);

  const signOut = async (): Promise<void> => {
    try {
      await api('POST', '/api/v1/auth/sign-out');
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
    }
    onSignedOut();
  };

  return (
    <>
      <a class="skip-link" href="#main">
        {t('shell.skip')}
      </a>
      <header class="top">
        <a class="brand" href={BASE} onClick={linkClick}>
          {t('app.name')}
        </a>
        <nav aria-label={t('shell.nav')}>
          <ul>
            {screens
              .filter((s) => s.navKey)
              .map((s) => {
                const current = s.path === BASE ? path === BASE : path === s.path || path.startsWith(s.path + '/');
                return (
                  <li key={s.path}>
                    <a href={s.path} onClick={linkClick} aria-current={current ? 'page' : undefined} aria-keyshortcuts={s.shortcut ? `Alt+${s.shortcut.toUpperCase()}` : undefined}>
                      {t(s.navKey as string)}
                    </a>
                  </li>
                );
              })}
          </ul>
        </nav>
        <div class="account">
          <span>{me.principal.name}</span>
          <button type="button" class="link" onClick={() => setHelpOpen(true)} aria-keyshortcuts="?">
            {t('shell.shortcuts')}
          </button>
          <button type="button" class="secondary" onClick={() => void signOut()}>
            {t('shell.signOut')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1} ref={main}>
        {!found ? (
          <>
            <h1>{t('notFound.title')}</h1>
            <p>{t('notFound.body')}</p>
          </>
        ) : loadError ? (
          <ErrorNote error={loadError} />
        ) : Component ? (
          <Component params={found.params as Record<string, string>} />
        ) : (
          <Loading />
        )}
      </main>
      <footer class="bottom">
        <LanguagePicker />
      </footer>
      <div id="announcer" class="visually-hidden" aria-live="polite" />
      <Dialog open={helpOpen} title={t('shell.shortcuts')} onClose={() => setHelpOpen(false)}>
        <dl class="shortcuts">
          {screens
            .filter((s) => s.shortcut)
            .map((s) => (
              <div key={s.path}>
                <dt>
                  <kbd>Alt</kbd> + <kbd>{s.shortcut?.toUpperCase()}</kbd>
                </dt>
                <dd>{t(s.titleKey)}</dd>
              </div>
            ))}
          <div>
            <dt>
              <kbd>?</kbd>
            </dt>
            <dd>{t('shell.shortcuts')}</dd>
          </div>
        </dl>
        {found?.screen.helpKey ? <p class="screen-keys">{t(found.screen.helpKey)}</p> : null}
      </Dialog>
    </>
  );
}
