// Statuses reach a window two ways, pushed by event and answered over HTTP; an answer that was
// read before the pushed one must not replace it (a stale "Uncommitted changes" after a commit).
import type { WorktreeGitStatus } from '@contract';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyChangesEvent, applyStatusRead, useChangesStore } from './changes.js';

const WORKTREE = 'w1';

function statusWith(files: number): WorktreeGitStatus {
  return {
    branch: 'feature',
    base_branch: 'main',
    head: 'abc',
    ahead: files === 0 ? 1 : 0,
    behind: 0,
    upstream: null,
    unpushed: null,
    operation: null,
    conflicts: [],
    files: Array.from({ length: files }, (_, index) => ({
      path: `f${index}`,
      old_path: null,
      status: 'modified' as const,
      staged: false,
      additions: 1,
      deletions: 0,
      binary: false,
    })),
  };
}

const shownFiles = () => useChangesStore.getState().status[WORKTREE]?.files.length;
const push = (files: number) =>
  applyChangesEvent({
    event: 'git-status-updated',
    data: { worktree_id: WORKTREE, status: statusWith(files) },
    seq: 1,
  });

describe('a worktree status from HTTP and from events', () => {
  test('an answer that arrives after a pushed status read meanwhile is dropped', async () => {
    let answer: (status: WorktreeGitStatus) => void = () => undefined;
    const read = applyStatusRead(WORKTREE, new Promise((resolve) => (answer = resolve)));
    push(0);
    answer(statusWith(3));
    await read;
    assert.equal(shownFiles(), 0);
  });

  test('an answer with no pushed status meanwhile is applied', async () => {
    push(0);
    await applyStatusRead(WORKTREE, Promise.resolve(statusWith(2)));
    assert.equal(shownFiles(), 2);
  });
});
