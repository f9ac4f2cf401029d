// Statuses reach a window two ways, pushed by event and answered over HTTP; an answer that was
// read before the pushed one must not replace it (a stale "Uncommitted changes" after a commit).
import type { WorktreeGitStatus } from '@contract';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ev, gitStatus } from '../test-support/fixtures.js';
import { applyChangesEvent, applyStatusRead, useChangesStore } from './changes.js';

const WORKTREE = 'w1';

const shownFiles = () => useChangesStore.getState().status[WORKTREE]?.files.length;
const push = (files: number) =>
  applyChangesEvent(ev('git-status-updated', { worktree_id: WORKTREE, status: gitStatus(files) }));

describe('a worktree status from HTTP and from events', () => {
  test('an answer that arrives after a pushed status read meanwhile is dropped', async () => {
    let answer: (status: WorktreeGitStatus) => void = () => undefined;
    const read = applyStatusRead(WORKTREE, new Promise((resolve) => (answer = resolve)));
    push(0);
    answer(gitStatus(3));
    await read;
    assert.equal(shownFiles(), 0);
  });

  test('an answer with no pushed status meanwhile is applied', async () => {
    push(0);
    await applyStatusRead(WORKTREE, Promise.resolve(gitStatus(2)));
    assert.equal(shownFiles(), 2);
  });
});
