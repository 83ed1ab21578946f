import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A question asked once before something that cannot be undone, in the native
 * modal <dialog>: the page behind is inert (focus stays inside), Escape cancels,
 * and focus starts on the safe answer. Test ids: `${testId}`, `${testId}-confirm`,
 * `${testId}-cancel`.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  cancelLabel,
  busy = false,
  testId,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  busy?: boolean;
  testId: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      data-testid={testId}
      onCancel={(event) => {
        // Escape: the dialog closes through `open`, as with the cancel button.
        event.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      <div id={bodyId}>{children}</div>
      <div className="actions">
        <button type="button" className="button secondary" autoFocus disabled={busy} data-testid={`${testId}-cancel`} onClick={onCancel}>
          {cancelLabel}
        </button>
        <button type="button" className="button primary" disabled={busy} data-testid={`${testId}-confirm`} onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
