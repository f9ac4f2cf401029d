import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { unarchiveSession } from '../../actions/sessions.js';
import { relativeTime } from '../../lib/format.js';
import { archivedSessions, useSessionsStore } from '../../stores/sessions.js';
import { useUiStore } from '../../stores/ui.js';
import { Icon } from '../common/Icon.js';
import { toast } from '../common/Toast.js';

/** "Archived (n)": a list of the worktree's archived sessions to restore or delete for good. */
export function ArchivedSessions({ worktreeId }: { worktreeId: string }) {
  const ids = useSessionsStore((s) => s.byWorktree[worktreeId]);
  const byId = useSessionsStore((s) => s.byId);
  const archived = useMemo(
    () => archivedSessions({ byId, byWorktree: { [worktreeId]: ids ?? [] } }, worktreeId),
    [byId, ids, worktreeId],
  );
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (panelRef.current?.contains(target) || buttonRef.current?.contains(target)) return;
      // Clicks inside a dialog opened from here (delete confirmation) do not close the list.
      if ((target as Element).closest?.('dialog')) return;
      setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer, true);
    return () => document.removeEventListener('pointerdown', onPointer, true);
  }, [open]);

  return (
    <div className="archived">
      <button
        ref={buttonRef}
        type="button"
        className="text-button archived-toggle"
        aria-expanded={open}
        aria-controls={open ? `archived-${worktreeId}` : undefined}
        aria-label={`Archived sessions (${archived.length})`}
        disabled={archived.length === 0 && !open}
        onClick={() => setOpen(!open)}
      >
        <Icon name="archive" />
        <span>Archived</span>
        {/* The count is drawn by CSS: it is in the accessible name already, and the visible label
            ("Archived") must be a part of that name for speech input (axe). */}
        {archived.length > 0 ? <span className="count" data-count={archived.length} /> : null}
      </button>
      {open ? (
        <div
          ref={panelRef}
          id={`archived-${worktreeId}`}
          className="popover archived-panel"
          role="dialog"
          aria-label="Archived sessions"
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.stopPropagation();
              setOpen(false);
              buttonRef.current?.focus();
            }
          }}
        >
          {archived.length === 0 ? (
            <p className="muted archived-empty">No archived sessions.</p>
          ) : (
            <ArchivedList sessionIds={archived.map((s) => s.id)} />
          )}
        </div>
      ) : null}
    </div>
  );
}

function ArchivedList({ sessionIds }: { sessionIds: string[] }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // The app does not use the React Compiler; the virtualizer's own re-renders keep it current.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: sessionIds.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 44,
    getItemKey: (index) => sessionIds[index] ?? index,
    overscan: 8,
  });
  return (
    <div ref={scrollRef} className="archived-scroll">
      <ul className="archived-list" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const id = sessionIds[item.index];
          return id ? (
            <li
              key={item.key}
              className="archived-row"
              style={{ transform: `translateY(${item.start}px)` }}
            >
              <ArchivedRow sessionId={id} />
            </li>
          ) : null;
        })}
      </ul>
    </div>
  );
}

function ArchivedRow({ sessionId }: { sessionId: string }) {
  const session = useSessionsStore((s) => s.byId[sessionId]);
  const openDialog = useUiStore((s) => s.openDialog);
  if (!session) return null;
  return (
    <>
      <span className="archived-name" title={session.name}>
        {session.name}
      </span>
      <span className="archived-when">
        {session.archived_at ? relativeTime(session.archived_at) : ''}
      </span>
      <button
        type="button"
        className="text-button"
        aria-label={`Restore ${session.name}`}
        onClick={() => void unarchiveSession(session.id).catch(toast.error)}
      >
        Restore
      </button>
      <button
        type="button"
        className="text-button danger"
        aria-label={`Delete ${session.name}`}
        onClick={() => openDialog({ kind: 'delete-session', sessionId: session.id })}
      >
        Delete
      </button>
    </>
  );
}
