import type { GitStatus, GroveEvent, Worktree } from '@contract';
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

interface WorktreesState {
  byId: Record<string, Worktree>;
  /** Worktree ids per project, base checkout first, then in creation order. */
  byProject: Record<string, string[]>;
  /** Git status from single-worktree reads; absent until fetched. */
  status: Record<string, GitStatus>;
  reset(worktrees: readonly Worktree[]): void;
  upsert(worktree: Worktree): void;
  /** Add a worktree the API just returned, unless an event already brought it (maybe newer). */
  insert(worktree: Worktree): void;
  patch(worktreeId: string, updates: Partial<Worktree>): void;
  remove(worktreeIds: readonly string[]): void;
  setStatus(worktreeId: string, status: GitStatus): void;
}

export const useWorktreesStore = create<WorktreesState>()((set) => ({
  byId: {},
  byProject: {},
  status: {},
  reset: (worktrees) => {
    const byProject: Record<string, string[]> = {};
    for (const worktree of sortWorktrees(worktrees)) {
      (byProject[worktree.project_id] ??= []).push(worktree.id);
    }
    // Keep known git status for worktrees that are still there; it is refreshed separately.
    set((state) => {
      const status: Record<string, GitStatus> = {};
      for (const worktree of worktrees) {
        const known = state.status[worktree.id];
        if (known) status[worktree.id] = known;
      }
      return { byId: indexById(worktrees), byProject, status };
    });
  },
  upsert: (worktree) =>
    set((state) => {
      const byId = withItem(state.byId, worktree.id, worktree);
      const ids = appendUnique(state.byProject[worktree.project_id] ?? [], worktree.id);
      const ordered = sortWorktrees(ids.map((id) => byId[id]).filter(isDefined)).map((w) => w.id);
      const status = worktree.status
        ? withItem(state.status, worktree.id, worktree.status)
        : state.status;
      return { byId, byProject: { ...state.byProject, [worktree.project_id]: ordered }, status };
    }),
  insert: (worktree) => {
    if (!useWorktreesStore.getState().byId[worktree.id])
      useWorktreesStore.getState().upsert(worktree);
  },
  patch: (worktreeId, updates) =>
    set((state) => {
      const current = state.byId[worktreeId];
      if (!current) return {};
      return { byId: withItem(state.byId, worktreeId, { ...current, ...defined(updates) }) };
    }),
  remove: (worktreeIds) =>
    set((state) => {
      const byProject: Record<string, string[]> = {};
      for (const [projectId, ids] of Object.entries(state.byProject)) {
        byProject[projectId] = without(ids, worktreeIds);
      }
      return {
        byId: withoutKeys(state.byId, worktreeIds),
        byProject,
        status: withoutKeys(state.status, worktreeIds),
      };
    }),
  setStatus: (worktreeId, status) =>
    set((state) =>
      state.byId[worktreeId] ? { status: withItem(state.status, worktreeId, status) } : {},
    ),
}));

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}

/** The repository's own checkout first, then worktrees oldest first. */
export function sortWorktrees(worktrees: readonly Worktree[]): Worktree[] {
  return [...worktrees].sort(
    (a, b) => Number(b.kind === 'base') - Number(a.kind === 'base') || a.created_at - b.created_at,
  );
}

export function worktreeIdsOfProject(projectId: string): string[] {
  return useWorktreesStore.getState().byProject[projectId] ?? [];
}

export function applyWorktreeEvent(event: GroveEvent): void {
  const store = useWorktreesStore.getState();
  switch (event.event) {
    case 'worktree-created':
      store.upsert(event.data.worktree);
      break;
    case 'worktree-updated':
      store.patch(event.data.worktree_id, event.data.updates);
      break;
    case 'worktree-archived':
      store.patch(event.data.worktree_id, {
        archived_at: store.byId[event.data.worktree_id]?.archived_at ?? nowSeconds(),
      });
      break;
    case 'worktree-unarchived':
      store.patch(event.data.worktree_id, { archived_at: null });
      break;
    case 'worktree-deleted':
      store.remove([event.data.worktree_id]);
      break;
    case 'project-deleted':
      store.remove(worktreeIdsOfProject(event.data.project_id));
      break;
    default:
      break;
  }
}
