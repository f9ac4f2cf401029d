import type { GroveEvent, Session } from '@contract';
import { create } from 'zustand';
import {
  appendUnique,
  defined,
  indexById,
  nowSeconds,
  without,
  withItem,
  withoutKeys,
} from '../lib/collection.js';
import { useWorktreesStore, worktreeIdsOfProject } from './worktrees.js';

interface SessionsState {
  byId: Record<string, Session>;
  /** Session ids per worktree in tab order, archived ones included (they keep their place). */
  byWorktree: Record<string, string[]>;
  /** Replace the sessions of the given worktrees (a fresh list from the server). */
  resetWorktrees(lists: Readonly<Record<string, readonly Session[]>>): void;
  upsert(session: Session): void;
  /** Add a session the API just returned, unless an event already brought it (maybe newer). */
  insert(session: Session): void;
  patch(sessionId: string, updates: Partial<Session>): void;
  remove(sessionIds: readonly string[]): void;
  reorder(worktreeId: string, sessionIds: readonly string[]): void;
}

export const useSessionsStore = create<SessionsState>()((set, get) => ({
  byId: {},
  byWorktree: {},
  resetWorktrees: (lists) =>
    set((state) => {
      const stale = Object.keys(lists).flatMap((worktreeId) => state.byWorktree[worktreeId] ?? []);
      const fresh = Object.values(lists).flat();
      const byWorktree = { ...state.byWorktree };
      for (const [worktreeId, sessions] of Object.entries(lists)) {
        byWorktree[worktreeId] = sessions.map((session) => session.id);
      }
      return { byId: { ...withoutKeys(state.byId, stale), ...indexById(fresh) }, byWorktree };
    }),
  upsert: (session) =>
    set((state) => ({
      byId: withItem(state.byId, session.id, session),
      byWorktree: {
        ...state.byWorktree,
        [session.worktree_id]: appendUnique(
          state.byWorktree[session.worktree_id] ?? [],
          session.id,
        ),
      },
    })),
  insert: (session) => {
    if (!get().byId[session.id]) get().upsert(session);
  },
  patch: (sessionId, updates) =>
    set((state) => {
      const current = state.byId[sessionId];
      if (!current) return {};
      return { byId: withItem(state.byId, sessionId, { ...current, ...defined(updates) }) };
    }),
  remove: (sessionIds) =>
    set((state) => {
      if (sessionIds.length === 0) return {};
      const byWorktree: Record<string, string[]> = {};
      for (const [worktreeId, ids] of Object.entries(state.byWorktree)) {
        byWorktree[worktreeId] = without(ids, sessionIds);
      }
      return { byId: withoutKeys(state.byId, sessionIds), byWorktree };
    }),
  reorder: (worktreeId, sessionIds) =>
    set((state) => {
      const current = state.byWorktree[worktreeId] ?? [];
      const listed = sessionIds.filter((id) => state.byId[id]?.worktree_id === worktreeId);
      // Sessions the new order does not name keep their relative order after the named ones.
      return {
        byWorktree: { ...state.byWorktree, [worktreeId]: [...listed, ...without(current, listed)] },
      };
    }),
}));

function sessionIdsOfWorktrees(worktreeIds: readonly string[]): string[] {
  const { byWorktree } = useSessionsStore.getState();
  return worktreeIds.flatMap((worktreeId) => byWorktree[worktreeId] ?? []);
}

/**
 * The sessions `event` deletes, directly or with their worktree or project; empty for any other
 * event. Per-session state elsewhere drops them with it, so it must ask before this store applies
 * the event (a cascade looks its sessions up here).
 */
export function sessionsDeletedBy(event: GroveEvent): string[] {
  switch (event.event) {
    case 'session-deleted':
      return [event.data.session_id];
    case 'worktree-deleted':
      return sessionIdsOfWorktrees([event.data.worktree_id]);
    case 'project-deleted':
      return sessionIdsOfWorktrees(worktreeIdsOfProject(event.data.project_id));
    default:
      return [];
  }
}

/** Open (not archived) sessions of a worktree, in tab order. */
export function openSessions(
  state: Pick<SessionsState, 'byId' | 'byWorktree'>,
  worktreeId: string,
): Session[] {
  return (state.byWorktree[worktreeId] ?? [])
    .map((id) => state.byId[id])
    .filter((session): session is Session => session !== undefined && session.archived_at === null);
}

/** Archived sessions of a worktree, most recently archived first. */
export function archivedSessions(
  state: Pick<SessionsState, 'byId' | 'byWorktree'>,
  worktreeId: string,
): Session[] {
  return (state.byWorktree[worktreeId] ?? [])
    .map((id) => state.byId[id])
    .filter((session): session is Session => session !== undefined && session.archived_at !== null)
    .sort((a, b) => (b.archived_at ?? 0) - (a.archived_at ?? 0));
}

/** Apply one event. Run before the worktrees store so cascades can still find their worktrees. */
export function applySessionEvent(event: GroveEvent): void {
  const store = useSessionsStore.getState();
  const deleted = sessionsDeletedBy(event);
  if (deleted.length > 0) {
    store.remove(deleted);
    return;
  }
  switch (event.event) {
    case 'session-created':
      store.upsert(event.data.session);
      break;
    case 'session-updated':
      store.patch(event.data.session_id, event.data.updates);
      break;
    case 'session-archived':
      store.patch(event.data.session_id, {
        archived_at: store.byId[event.data.session_id]?.archived_at ?? nowSeconds(),
      });
      break;
    case 'session-unarchived':
      store.patch(event.data.session_id, { archived_at: null });
      break;
    case 'sessions-reordered':
      store.reorder(event.data.worktree_id, event.data.session_ids);
      break;
    case 'approval-requested': {
      // `session-updated` brings it too; whichever comes first shows the card.
      const session = store.byId[event.data.session_id];
      const { approval } = event.data;
      if (session && !session.pending_approvals.some((item) => item.id === approval.id)) {
        store.patch(session.id, { pending_approvals: [...session.pending_approvals, approval] });
      }
      break;
    }
    case 'approval-resolved':
      dropApproval(event.data.session_id, event.data.approval_id);
      break;
    default:
      break;
  }
}

/** Take an approval that is over off its session's cards. */
export function dropApproval(sessionId: string, approvalId: string): void {
  const store = useSessionsStore.getState();
  const session = store.byId[sessionId];
  if (!session?.pending_approvals.some((item) => item.id === approvalId)) return;
  store.patch(sessionId, {
    pending_approvals: session.pending_approvals.filter((item) => item.id !== approvalId),
  });
}

/** The worktree a session belongs to, when both are known. */
export function worktreeOfSession(sessionId: string) {
  const session = useSessionsStore.getState().byId[sessionId];
  return session ? useWorktreesStore.getState().byId[session.worktree_id] : undefined;
}
