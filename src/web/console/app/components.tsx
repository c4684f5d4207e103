import type { ComponentChildren, JSX } from 'preact';
import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type Me } from './api.ts';
import { t } from './i18n.ts';

/** The signed-in staff member, for every screen. */
export const MeContext = createContext<Me | null>(null);

/** The signed-in staff member (screens are only shown to a signed-in user). */
export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe outside the signed-in shell');
  return me;
}

/** Whether the staff member holds a permission (for all departments or their own). */
export function can(me: Me, permission: string): boolean {
  return me.principal.permissions.includes(permission);
}

/** Says something to screen-reader users without moving focus (a polite live region). */
export function announce(message: string): void {
  const region = document.getElementById('announcer');
  if (!region) return;
  region.textContent = '';
  setTimeout(() => (region.textContent = message), 50);
}

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** Runs an async load when its inputs change; keeps the last data while reloading. */
export function useAsync<T>(load: () => Promise<T>, inputs: unknown[]): AsyncState<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: null, loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: unknown) => live && setState((s) => ({ data: s.data, error, loading: false })),
    );
    return () => void (live = false);
  }, [...inputs, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}

/** The message of an error for a person: the API's own words, or a generic line. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return t('error.unexpected');
}

/** An error shown where it happened and read out at once. */
export function ErrorNote({ error }: { error: unknown }): JSX.Element | null {
  if (!error) return null;
  return (
    <p class="error" role="alert">
      {errorMessage(error)}
    </p>
  );
}

/** A loading line for a region that is being filled (screen readers hear it via aria-busy). */
export function Loading(): JSX.Element {
  return <p class="loading">{t('common.loading')}</p>;
}

export interface FieldError {
  field: string;
  message: string;
}

/** A form's errors as a list of links to the fields, focused when shown (GOV.UK pattern). */
export function ErrorSummary({ errors }: { errors: FieldError[] }): JSX.Element | null {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors.length) ref.current?.focus();
  }, [errors]);
  if (!errors.length) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{t('form.errorSummary', { count: errors.length })}</h2>
      <ul>
        {errors.map((e) => (
          <li key={e.field}>
            <a href={`#f-${e.field}`}>{e.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ComponentChildren;
}

/** A labelled form field with its hint and error tied to the control for screen readers. */
export function Field({ name, label, hint, error, children }: FieldProps): JSX.Element {
  const id = `f-${name}`;
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' field-error' : ''}`}>
      <label for={id}>{label}</label>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      {children({ id, describedBy, invalid: Boolean(error) })}
    </div>
  );
}

/** A text input field (the common case of Field). */
export function TextField(props: {
  name: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  hint?: string;
  error?: string;
  type?: 'text' | 'email' | 'tel' | 'password' | 'search' | 'number' | 'date' | 'datetime-local' | 'url';
  required?: boolean;
  autoComplete?: string;
  maxLength?: number;
}): JSX.Element {
  return (
    <Field name={props.name} label={props.label} hint={props.hint} error={props.error}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          name={props.name}
          // Preact's input props are a union keyed by type; the value is one of the allowed types.
          type={(props.type ?? 'text') as 'text'}
          value={props.value}
          onInput={(e) => props.onValue(e.currentTarget.value)}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          required={props.required}
          autoComplete={props.autoComplete ?? 'off'}
          maxLength={props.maxLength}
        />
      )}
    </Field>
  );
}

/** A modal dialog on the native <dialog> element (focus trapped, Escape closes, focus returns). */
export function Dialog(props: { open: boolean; title: string; onClose: () => void; children: ComponentChildren }): JSX.Element {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (props.open && !dialog.open) dialog.showModal();
    if (!props.open && dialog.open) dialog.close();
  }, [props.open]);
  return (
    <dialog ref={ref} aria-labelledby="dialog-title" onClose={props.onClose}>
      <h2 id="dialog-title">{props.title}</h2>
      {props.children}
      <button type="button" class="secondary" onClick={props.onClose}>
        {t('common.close')}
      </button>
    </dialog>
  );
}
