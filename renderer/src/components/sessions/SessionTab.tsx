import type { Session } from '@contract';
import { useState } from 'react';
import { archiveSession, updateSession } from '../../actions/sessions.js';
import { isBusy } from '../../lib/session-status.js';
import { useUiStore } from '../../stores/ui.js';
import { Icon } from '../common/Icon.js';
import { InlineRename } from '../common/InlineRename.js';
import { toast } from '../common/Toast.js';

interface SessionTabProps {
  session: Session;
  selected: boolean;
  index: number;
  onSelect: () => void;
  onContextMenu: (at: { x: number; y: number }) => void;
  onMove: (sessionId: string, toIndex: number) => void;
  onFocusSibling: (step: 1 | -1) => void;
}

export const DRAG_TYPE = 'application/x-grove-session';

/** A session tab: select, rename in place (double-click or F2), drag to reorder, archive (×). */
export function SessionTab({
  session,
  selected,
  index,
  onSelect,
  onContextMenu,
  onMove,
  onFocusSibling,
}: SessionTabProps) {
  const renaming = useUiStore((s) => s.renamingSessionId === session.id);
  const startRename = useUiStore((s) => s.startRename);
  const [dropSide, setDropSide] = useState<'before' | 'after' | null>(null);

  const busy = isBusy(session);
  const state =
    session.pending_approvals.length > 0
      ? 'approval'
      : session.awaiting_plan_approval
        ? 'plan'
        : session.status === 'error'
          ? 'error'
          : busy
            ? 'running'
            : 'idle';

  return (
    <div
      className={`tab-wrap${selected ? ' selected' : ''}${dropSide ? ` drop-${dropSide}` : ''}`}
      role="presentation"
      draggable={!renaming}
      onDragStart={(event) => {
        event.dataTransfer.setData(DRAG_TYPE, session.id);
        event.dataTransfer.effectAllowed = 'move';
      }}
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes(DRAG_TYPE)) return;
        event.preventDefault();
        const rect = event.currentTarget.getBoundingClientRect();
        setDropSide(event.clientX < rect.left + rect.width / 2 ? 'before' : 'after');
      }}
      onDragLeave={() => setDropSide(null)}
      onDrop={(event) => {
        const dragged = event.dataTransfer.getData(DRAG_TYPE);
        const side = dropSide;
        setDropSide(null);
        if (!dragged || dragged === session.id || !side) return;
        event.preventDefault();
        onMove(dragged, side === 'before' ? index : index + 1);
      }}
    >
      {renaming ? (
        <InlineRename
          name={session.name}
          label="Session name"
          className="tab-rename"
          onRename={(name) => void updateSession(session.id, { name }).catch(toast.error)}
          onDone={() => startRename(null)}
        />
      ) : (
        <div
          role="tab"
          id={`tab-${session.id}`}
          className={`tab tab-${state}`}
          aria-selected={selected}
          aria-controls="session-panel"
          tabIndex={selected ? 0 : -1}
          title={`${session.name} — double-click to rename, drag to reorder`}
          onClick={onSelect}
          onDoubleClick={() => startRename(session.id)}
          onContextMenu={(event) => {
            event.preventDefault();
            onContextMenu({ x: event.clientX, y: event.clientY });
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' || event.key === ' ') {
              event.preventDefault();
              onSelect();
            } else if (event.key === 'F2') {
              event.preventDefault();
              startRename(session.id);
            } else if (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) {
              event.preventDefault();
              const rect = event.currentTarget.getBoundingClientRect();
              onContextMenu({ x: rect.left, y: rect.bottom + 4 });
            } else if (
              (event.key === 'ArrowLeft' || event.key === 'ArrowRight') &&
              event.altKey &&
              event.shiftKey
            ) {
              event.preventDefault();
              onMove(session.id, event.key === 'ArrowLeft' ? index - 1 : index + 2);
            } else if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
              event.preventDefault();
              onFocusSibling(event.key === 'ArrowLeft' ? -1 : 1);
            }
          }}
        >
          <span className={`tab-dot tab-dot-${state}`} aria-hidden="true" />
          <span className="tab-name">{session.name}</span>
        </div>
      )}
      {/* A tablist may hold only tabs: the mouse's shortcut stays out of the accessibility tree.
          Keyboard and screen-reader users archive from the tab's menu (Shift+F10). */}
      <button
        type="button"
        className="tab-close"
        tabIndex={-1}
        aria-hidden="true"
        aria-label={`Archive session ${session.name}`}
        title="Archive session (restore it from Archived)"
        onClick={() => void archiveSession(session.id).catch(toast.error)}
      >
        <Icon name="archive" size={12} />
      </button>
    </div>
  );
}
