import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/**
 * A modal dialog on the native <dialog> element with its own title id (so several may exist on a
 * page): focus moves into it and is trapped, Escape closes it, focus returns to the opener (or to the
 * screen's main region when the opener is gone, e.g. a revoked key's button).
 */
export function Modal(props: { id: string; open: boolean; title: string; onClose: () => void; children: ComponentChildren }): JSX.Element | null {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (!props.open) return;
    // The control that opened the dialog gets focus back when it closes (or the screen, if that control is gone).
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (opener?.isConnected) opener.focus();
      else document.getElementById('main')?.focus();
    };
  }, [props.open]);
  if (!props.open) return null;
  return (
    <dialog ref={ref} aria-labelledby={`${props.id}-title`} onClose={props.onClose} onCancel={props.onClose}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      {props.children}
    </dialog>
  );
}

/** "Are you sure?" for destructive actions: says what will happen, the confirm button names the action. */
export function Confirm(props: { id: string; open: boolean; title: string; body: string; confirmLabel: string; cancelLabel: string; busy?: boolean; onConfirm: () => void; onCancel: () => void }): JSX.Element | null {
  return (
    <Modal id={props.id} open={props.open} title={props.title} onClose={props.onCancel}>
      <p>{props.body}</p>
      <div class="actions">
        <button type="button" class="danger" disabled={props.busy} onClick={props.onConfirm}>
          {props.confirmLabel}
        </button>
        <button type="button" class="secondary" onClick={props.onCancel}>
          {props.cancelLabel}
        </button>
      </div>
    </Modal>
  );
}
