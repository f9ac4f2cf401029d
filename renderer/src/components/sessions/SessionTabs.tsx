import type { Session } from '@contract';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { archiveSession, createSession, moveSession } from '../../actions/sessions.js';
import { shortcutLabel } from '../../lib/shortcuts.js';
import { useUiStore } from '../../stores/ui.js';
import { Icon } from '../common/Icon.js';
import { Menu } from '../common/Menu.js';
import { toast } from '../common/Toast.js';
import { ArchivedSessions } from './ArchivedSessions.js';
import { SessionTab } from './SessionTab.js';
import { tabWidth } from './tab-width.js';

interface SessionTabsProps {
  worktreeId: string;
  sessions: readonly Session[];
  currentId: string | null;
}

/**
 * The worktree's sessions as tabs. Only the tabs in view are rendered, so a worktree with
 * hundreds of sessions stays light; the strip scrolls sideways.
 */
export function SessionTabs({ worktreeId, sessions, currentId }: SessionTabsProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const selectSession = useUiStore((s) => s.selectSession);
  const startRename = useUiStore((s) => s.startRename);
  const openDialog = useUiStore((s) => s.openDialog);
  const [menu, setMenu] = useState<{ session: Session; at: { x: number; y: number } } | null>(null);
  const [creating, setCreating] = useState(false);

  // The app does not use the React Compiler; the virtualizer's own re-renders keep it current.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    horizontal: true,
    count: sessions.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => tabWidth(sessions[index]?.name ?? ''),
    getItemKey: (index) => sessions[index]?.id ?? index,
    overscan: 4,
  });

  // A rename (or an automatic title) changes a tab's width: lay the strip out again.
  const names = sessions.map((session) => session.name).join('\n');
  useEffect(() => {
    virtualizer.measure();
  }, [names, virtualizer]);

  const currentIndex = sessions.findIndex((session) => session.id === currentId);
  useEffect(() => {
    if (currentIndex >= 0) virtualizer.scrollToIndex(currentIndex, { align: 'auto' });
  }, [currentIndex, virtualizer]);

  const move = (sessionId: string, to: number) => {
    const from = sessions.findIndex((session) => session.id === sessionId);
    if (from === -1) return;
    const target = Math.max(0, from < to ? to - 1 : to);
    void moveSession(sessionId, target).catch(toast.error);
  };

  const focusSibling = (from: number, step: 1 | -1) => {
    const next = sessions[(from + step + sessions.length) % sessions.length];
    if (!next) return;
    selectSession(worktreeId, next.id);
    requestAnimationFrame(() => document.getElementById(`tab-${next.id}`)?.focus());
  };

  const newSession = () => {
    setCreating(true);
    createSession(worktreeId)
      .catch(toast.error)
      .finally(() => setCreating(false));
  };

  return (
    <div className="tabbar">
      <div
        ref={scrollRef}
        className="tabs-scroll"
        onWheel={(event) => {
          if (scrollRef.current && event.deltaY !== 0 && event.deltaX === 0)
            scrollRef.current.scrollLeft += event.deltaY;
        }}
      >
        <div
          role="tablist"
          aria-label="Sessions"
          className="tabs"
          style={{ width: virtualizer.getTotalSize() }}
        >
          {virtualizer.getVirtualItems().map((item) => {
            const session = sessions[item.index];
            if (!session) return null;
            return (
              <div
                key={item.key}
                className="tab-slot"
                style={{ transform: `translateX(${item.start}px)`, width: item.size }}
              >
                <SessionTab
                  session={session}
                  index={item.index}
                  selected={session.id === currentId}
                  onSelect={() => selectSession(worktreeId, session.id)}
                  onContextMenu={(at) => setMenu({ session, at })}
                  onMove={move}
                  onFocusSibling={(step) => focusSibling(item.index, step)}
                />
              </div>
            );
          })}
        </div>
      </div>
      <button
        type="button"
        className="icon-button tab-new"
        aria-label="New session"
        title={`New session (${shortcutLabel('new-session')})`}
        disabled={creating}
        onClick={newSession}
      >
        <Icon name="plus" />
      </button>
      <span className="spacer" />
      <ArchivedSessions worktreeId={worktreeId} />
      {menu ? (
        <Menu
          label={`Actions for ${menu.session.name}`}
          at={menu.at}
          onClose={() => setMenu(null)}
          items={[
            { label: 'Rename', onSelect: () => startRename(menu.session.id) },
            {
              label: 'Move left',
              disabled: sessions[0]?.id === menu.session.id,
              onSelect: () => move(menu.session.id, sessions.indexOf(menu.session) - 1),
            },
            {
              label: 'Move right',
              disabled: sessions[sessions.length - 1]?.id === menu.session.id,
              onSelect: () => move(menu.session.id, sessions.indexOf(menu.session) + 2),
            },
            {
              label: 'Archive',
              onSelect: () => void archiveSession(menu.session.id).catch(toast.error),
            },
            {
              label: 'Delete…',
              danger: true,
              onSelect: () => openDialog({ kind: 'delete-session', sessionId: menu.session.id }),
            },
          ]}
        />
      ) : null}
    </div>
  );
}
