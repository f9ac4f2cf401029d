import type { GroveEvent } from '@contract';
import { refreshWorktreeStatus } from '../actions/worktrees.js';
import { loadBackends } from '../actions/preferences.js';
import { notificationFor } from '../lib/notify-rules.js';
import { useSessionsStore } from '../stores/sessions.js';
import { useUiStore } from '../stores/ui.js';
import { useWorktreesStore } from '../stores/worktrees.js';

/** Side effects of events beyond the stores: git status refreshes and desktop notifications. */

const statusTimers = new Map<string, ReturnType<typeof setTimeout>>();

/** Refresh a worktree's git status soon; a burst of tool results makes one request. */
export function scheduleStatusRefresh(worktreeId: string, delayMs = 600): void {
  const existing = statusTimers.get(worktreeId);
  if (existing) clearTimeout(existing);
  statusTimers.set(
    worktreeId,
    setTimeout(() => {
      statusTimers.delete(worktreeId);
      void refreshWorktreeStatus(worktreeId);
    }, delayMs),
  );
}

export function afterEvent(event: GroveEvent): void {
  switch (event.event) {
    case 'tool-result':
    case 'run-completed':
    case 'run-failed':
    case 'run-cancelled':
      scheduleStatusRefresh(event.data.worktree_id);
      break;
    case 'worktree-unarchived':
      scheduleStatusRefresh(event.data.worktree_id, 0);
      break;
    default:
      break;
  }
  notify(event);
}

export function afterSnapshot(): void {
  const { byId } = useWorktreesStore.getState();
  for (const worktree of Object.values(byId)) {
    if (worktree.archived_at === null) scheduleStatusRefresh(worktree.id, 0);
  }
  void loadBackends();
}

function notify(event: GroveEvent): void {
  // In the desktop app the main process shows OS notifications itself (even with the window closed).
  if (typeof window !== 'undefined' && window.grove) return;
  if (typeof document === 'undefined' || document.hasFocus()) return;
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const text = notificationFor(event, (id) => useSessionsStore.getState().byId[id]?.name);
  if (!text) return;
  try {
    const notification = new Notification(text.title, { body: text.body, tag: text.tag });
    notification.onclick = () => {
      window.focus();
      notification.close();
      const session = useSessionsStore.getState().byId[text.tag];
      if (session) useUiStore.getState().selectSession(session.worktree_id, session.id);
    };
  } catch {
    // Some environments forbid constructing notifications; nothing else to do.
  }
}

/** Ask once, on a user gesture (sending a message), so notifications can be shown later. */
export function requestNotificationPermission(): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'default') return;
  void Notification.requestPermission().catch(() => undefined);
}
