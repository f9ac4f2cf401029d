import type { CreateWorktree, Worktree } from '@contract';
import { api } from '../api/client.js';
import { loadGitStatus } from './changes.js';
import { useSessionsStore } from '../stores/sessions.js';
import { useUiStore } from '../stores/ui.js';
import { useWorktreesStore } from '../stores/worktrees.js';
import { applyEvent, localEvent } from '../sync/apply-event.js';
import { renameOptimistically } from './rename.js';

/** Fetch a project's worktrees (and their sessions) into the stores. */
export async function loadWorktrees(projectId: string): Promise<Worktree[]> {
  const worktrees = await api.call('listWorktrees', { projectId }, { include_archived: 'true' });
  const store = useWorktreesStore.getState();
  for (const worktree of worktrees) store.insert(worktree);
  const lists = await Promise.all(
    worktrees.map((worktree) =>
      api.call('listSessions', { worktreeId: worktree.id }, { include_archived: 'true' }),
    ),
  );
  for (const session of lists.flat()) useSessionsStore.getState().insert(session);
  return worktrees;
}

export async function createWorktree(projectId: string, input: CreateWorktree): Promise<Worktree> {
  const worktree = await api.call('createWorktree', { projectId }, input);
  useWorktreesStore.getState().insert(worktree);
  useUiStore.getState().selectWorktree(worktree.id);
  void refreshWorktreeStatus(worktree.id);
  return worktree;
}

/** The full git status feeds the sidebar (+/-, ahead/behind), the header and the Changes panel. */
export function refreshWorktreeStatus(worktreeId: string): Promise<void> {
  return loadGitStatus(worktreeId);
}

/**
 * Rename a worktree. Only its display name changes: the API keeps the branch and the folder as
 * they are. Shown at once, confirmed by `worktree-updated`; a refusal puts the old name back.
 */
export function renameWorktree(worktreeId: string, name: string): Promise<void> {
  return renameOptimistically(
    {
      kind: 'worktree',
      shownName: () => useWorktreesStore.getState().byId[worktreeId]?.name,
      show: (shown) => useWorktreesStore.getState().patch(worktreeId, { name: shown }),
      save: (saved) => api.call('updateWorktree', { worktreeId }, { name: saved }),
    },
    name,
  );
}

export async function archiveWorktree(worktreeId: string): Promise<void> {
  await api.call('archiveWorktree', { worktreeId });
  applyEvent(localEvent('worktree-archived', { worktree_id: worktreeId }));
}

export async function unarchiveWorktree(worktreeId: string): Promise<void> {
  await api.call('unarchiveWorktree', { worktreeId });
  applyEvent(localEvent('worktree-unarchived', { worktree_id: worktreeId }));
  void refreshWorktreeStatus(worktreeId);
}

export async function deleteWorktree(
  worktreeId: string,
  options: { force: boolean; deleteBranch: boolean },
): Promise<void> {
  await api.call(
    'deleteWorktree',
    { worktreeId },
    { force: flag(options.force), delete_branch: flag(options.deleteBranch) },
  );
  applyEvent(localEvent('worktree-deleted', { worktree_id: worktreeId }));
}

const flag = (value: boolean) => (value ? 'true' : 'false');
