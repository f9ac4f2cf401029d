import type { MergeStrategy, PullRequestRequest } from '@contract';
import { api, ApiError, errorMessage } from '../api/client.js';
import { applyStatusRead, useChangesStore, type ShipAction } from '../stores/changes.js';
import { sendMessage } from './chat.js';

const changes = () => useChangesStore.getState();

/** Read a worktree's status; `watch` asks the server to look for outside edits in it. */
export async function loadGitStatus(worktreeId: string, watch = false): Promise<void> {
  try {
    await applyStatusRead(
      worktreeId,
      api.call('getGitStatus', { worktreeId }, { watch: watch ? 'true' : 'false' }),
    );
  } catch {
    // A worktree deleted (or a folder gone) meanwhile has no status; its events tidy up.
  }
}

let diffRequest = 0;

/** Load the diff of the panel's current scope; an answer overtaken by a newer request is dropped. */
export async function loadDiff(worktreeId: string): Promise<void> {
  const { scope, commit } = changes();
  if (scope === 'commit' && !commit) return;
  const ticket = ++diffRequest;
  changes().set({ diffLoading: true, diffError: null });
  try {
    const diff = await api.call(
      'getGitDiff',
      { worktreeId },
      { scope, ...(commit ? { commit } : {}) },
    );
    if (ticket !== diffRequest) return;
    const selected = changes().selectedPath;
    const keep = diff.files.some((file) => file.path === selected);
    changes().set({
      diff: { worktreeId, scope, commit, files: diff.files },
      diffLoading: false,
      selectedPath: keep ? selected : (diff.files[0]?.path ?? null),
    });
  } catch (error) {
    if (ticket === diffRequest)
      changes().set({ diffLoading: false, diffError: errorMessage(error) });
  }
}

/** A too-large file's patch, fetched on request. */
export async function loadFullFile(worktreeId: string, path: string): Promise<void> {
  const { scope, commit, diff } = changes();
  const one = await api.call(
    'getGitDiff',
    { worktreeId },
    { scope, path, ...(commit ? { commit } : {}) },
  );
  const file = one.files.find((item) => item.path === path);
  if (!diff || !file) return;
  changes().set({
    diff: { ...diff, files: diff.files.map((item) => (item.path === path ? file : item)) },
  });
}

export async function loadCommits(worktreeId: string): Promise<void> {
  changes().set({ commits: await api.call('listGitCommits', { worktreeId }, { limit: 100 }) });
}

/** Run one operation with progress, keeping git's own words when it fails. */
async function operate(action: ShipAction, task: () => Promise<string>): Promise<boolean> {
  if (changes().busy) return false;
  changes().set({ busy: action, outcome: null });
  try {
    const text = await task();
    changes().set({ busy: null, outcome: { action, ok: true, text } });
    return true;
  } catch (error) {
    const named = error instanceof ApiError ? { code: error.code, files: error.files } : {};
    changes().set({
      busy: null,
      outcome: { action, ok: false, text: errorMessage(error), ...named },
    });
    return false;
  }
}

export function commitChanges(
  worktreeId: string,
  message: string,
  paths: string[] | undefined,
): Promise<boolean> {
  return operate('commit', async () => {
    const { sha } = await api.call(
      'commitChanges',
      { worktreeId },
      { message, ...(paths ? { paths } : {}) },
    );
    changes().set({ excluded: {} });
    await loadGitStatus(worktreeId);
    return `Committed ${sha.slice(0, 7)}.`;
  });
}

export function discardFile(worktreeId: string, path: string): Promise<boolean> {
  return operate('discard', async () => {
    await applyStatusRead(
      worktreeId,
      api.call('discardChanges', { worktreeId }, { paths: [path] }),
    );
    return `Discarded the changes to ${path}.`;
  });
}

export function mergeIntoBase(worktreeId: string, strategy: MergeStrategy): Promise<boolean> {
  return operate('merge', async () => {
    const result = await api.call('mergeWorktree', { worktreeId }, { strategy });
    await loadGitStatus(worktreeId);
    return `Merged into ${result.base_branch} (${result.head.slice(0, 7)}).`;
  });
}

export function updateFromBase(worktreeId: string, keepConflicts: boolean): Promise<boolean> {
  return operate('update', async () => {
    const request = api.call(
      'updateWorktreeFromBase',
      { worktreeId },
      { keep_conflicts: keepConflicts },
    );
    await applyStatusRead(
      worktreeId,
      request.then((result) => result.status),
    );
    const result = await request;
    if (result.outcome === 'conflicts') {
      return `Conflicts in ${result.conflicts.join(', ')}: resolve them, then commit.`;
    }
    return result.outcome === 'up-to-date'
      ? 'Already up to date.'
      : 'Updated from the base branch.';
  });
}

export function pushBranch(worktreeId: string): Promise<boolean> {
  return operate('push', async () => {
    const result = await api.call('pushWorktree', { worktreeId }, {});
    await loadGitStatus(worktreeId);
    return `Pushed to ${result.upstream}.`;
  });
}

export function createPullRequest(
  worktreeId: string,
  body: Pick<PullRequestRequest, 'title' | 'draft'> & { body?: string },
): Promise<boolean> {
  return operate('pull-request', async () => {
    const result = await api.call('createPullRequest', { worktreeId }, body);
    return `Opened pull request #${result.number}: ${result.url}`;
  });
}

/** The prompt that asks the agent to resolve conflicts, naming each file. */
export function conflictPrompt(files: readonly string[]): string {
  return [
    'There are merge conflicts in this worktree. Please resolve them in these files:',
    ...files.map((file) => `- ${file}`),
    '',
    'Keep the intent of both sides, remove every conflict marker, and leave the files ready to commit.',
  ].join('\n');
}

export function askAgentToResolve(sessionId: string, files: readonly string[]): Promise<void> {
  return sendMessage(sessionId, conflictPrompt(files));
}
