import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useUiStore } from '../../stores/ui.js';

interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** Buttons at the bottom, right-aligned. */
  footer?: ReactNode;
  width?: 'narrow' | 'medium' | 'wide';
  /** Extra text under the title. */
  description?: string;
}

/**
 * A modal on the native `<dialog>`: focus is trapped, the page behind is inert, Escape closes.
 * The first field with `autoFocus` (or the first control) gets focus.
 */
export function Dialog({
  title,
  onClose,
  children,
  footer,
  width = 'narrow',
  description,
}: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  const onCloseRef = useRef(onClose);

  useEffect(() => {
    onCloseRef.current = onClose;
  }, [onClose]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    const handleCancel = (event: Event) => {
      event.preventDefault();
      onCloseRef.current();
    };
    dialog.addEventListener('cancel', handleCancel);
    return () => {
      dialog.removeEventListener('cancel', handleCancel);
      if (dialog.open) dialog.close();
      returnFocus(opener);
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`dialog dialog-${width}`}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onMouseDown={(event) => {
        // A click on the backdrop (the dialog element itself, outside its box) closes it.
        if (event.target === ref.current) onClose();
      }}
    >
      <div className="dialog-box">
        <header className="dialog-header">
          <h2 id={titleId}>{title}</h2>
          {description ? (
            <p id={descriptionId} className="dialog-description">
              {description}
            </p>
          ) : null}
        </header>
        <div className="dialog-body">{children}</div>
        {footer ? <footer className="dialog-footer">{footer}</footer> : null}
      </div>
    </dialog>
  );
}

/**
 * After a dialog: focus goes to what it created (the id given to `closeDialog`), else back to
 * what opened it. Next frame, once React has drawn what the dialog's action added.
 */
function returnFocus(opener: HTMLElement | null): void {
  requestAnimationFrame(() => {
    const createdId = useUiStore.getState().focusAfterDialog;
    const created = createdId ? document.getElementById(createdId) : null;
    const target = created ?? (opener?.isConnected ? opener : null);
    target?.focus();
  });
}
