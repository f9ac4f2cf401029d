import type { CommitInfo, DiffScope, FileDiff, GroveEvent, WorktreeGitStatus } from '@contract';
import { create } from 'zustand';
import { withItem, withoutKeys } from '../lib/collection.js';
import { useWorktreesStore } from './worktrees.js';

export type ShipAction = 'commit' | 'discard' | 'merge' | 'update' | 'push' | 'pull-request';

export interface ShipOutcome {
  action: ShipAction;
  ok: boolean;
  text: string;
  /** A failure's files, when the server names them, and its error code. */
  files?: readonly string[] | undefined;
  code?: string;
}

export interface LoadedDiff {
  worktreeId: string;
  scope: DiffScope;
  commit: string | null;
  files: FileDiff[];
}

interface ChangesState {
  /** Full git status per worktree, from reads and `git-status-updated`. */
  status: Record<string, WorktreeGitStatus>;
  panelOpen: boolean;
  scope: DiffScope;
  /** The commit shown when the scope is `commit`. */
  commit: string | null;
  view: 'unified' | 'split';
  diff: LoadedDiff | null;
  diffLoading: boolean;
  diffError: string | null;
  selectedPath: string | null;
  commits: CommitInfo[];
  /** Files left out of the next commit (everything else is in). */
  excluded: Record<string, true>;
  busy: ShipAction | null;
  /** The last operation's failure in git's (or gh's) own words, or its result. */
  outcome: ShipOutcome | null;
  setStatus(worktreeId: string, status: WorktreeGitStatus): void;
  togglePanel(open?: boolean): void;
  setScope(scope: DiffScope, commit?: string | null): void;
  setView(view: 'unified' | 'split'): void;
  select(path: string | null): void;
  toggleExcluded(path: string): void;
  set(patch: Partial<ChangesState>): void;
}

export const useChangesStore = create<ChangesState>()((set) => ({
  status: {},
  panelOpen: false,
  scope: 'uncommitted',
  commit: null,
  view: 'unified',
  diff: null,
  diffLoading: false,
  diffError: null,
  selectedPath: null,
  commits: [],
  excluded: {},
  busy: null,
  outcome: null,
  setStatus: (worktreeId, status) =>
    set((s) => ({ status: withItem(s.status, worktreeId, status) })),
  togglePanel: (open) => set((s) => ({ panelOpen: open ?? !s.panelOpen })),
  setScope: (scope, commit = null) => set({ scope, commit, selectedPath: null }),
  setView: (view) => set({ view }),
  select: (path) => set({ selectedPath: path }),
  toggleExcluded: (path) =>
    set((s) => ({
      excluded: s.excluded[path]
        ? withoutKeys(s.excluded, [path])
        : { ...s.excluded, [path]: true },
    })),
  set: (patch) => set(patch),
}));

/** Keep a status: the full one for the Changes panel, the short one for the sidebar and header. */
function applyGitStatus(worktreeId: string, status: WorktreeGitStatus): void {
  useChangesStore.getState().setStatus(worktreeId, status);
  useWorktreesStore.getState().setStatus(worktreeId, {
    dirty: status.files.length > 0,
    ahead: status.ahead,
    behind: status.behind,
  });
}

/** `git-status-updated` events received per worktree (see applyStatusRead). */
const statusEvents = new Map<string, number>();

/**
 * Apply a status answered over HTTP unless a pushed one arrived while it was read: the server
 * pushes only the newest of overlapping reads (a later read's status, if it differs, follows by
 * event), while this answer may be older than what the event carried.
 */
export async function applyStatusRead(
  worktreeId: string,
  read: Promise<WorktreeGitStatus>,
): Promise<void> {
  const seen = statusEvents.get(worktreeId) ?? 0;
  const status = await read;
  if ((statusEvents.get(worktreeId) ?? 0) === seen) applyGitStatus(worktreeId, status);
}

export function applyChangesEvent(event: GroveEvent): void {
  if (event.event === 'git-status-updated') {
    const id = event.data.worktree_id;
    statusEvents.set(id, (statusEvents.get(id) ?? 0) + 1);
    applyGitStatus(id, event.data.status);
  } else if (event.event === 'worktree-deleted') {
    statusEvents.delete(event.data.worktree_id);
    useChangesStore.setState((s) => ({ status: withoutKeys(s.status, [event.data.worktree_id]) }));
  }
}

/** Uncommitted lines added and removed, for the sidebar. */
export function lineTotals(status: WorktreeGitStatus | undefined): {
  added: number;
  removed: number;
} {
  let added = 0;
  let removed = 0;
  for (const file of status?.files ?? []) {
    added += file.additions;
    removed += file.deletions;
  }
  return { added, removed };
}
