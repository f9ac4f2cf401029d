import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Worktree } from '@contract';
import { siblingWorktreeId } from './selection.js';

const worktree = (id: string, archived = false) =>
  ({ id, archived_at: archived ? 1 : null }) as unknown as Worktree;

describe('next and previous worktree', () => {
  const byId = {
    a1: worktree('a1'),
    a2: worktree('a2', true),
    a3: worktree('a3'),
    b1: worktree('b1'),
  };
  const byProject = { a: ['a1', 'a2', 'a3'], b: ['b1'] };

  it('follows the sidebar across projects, skipping archived worktrees, and wraps around', () => {
    assert.equal(siblingWorktreeId(['a', 'b'], byProject, byId, 'a1', 1), 'a3');
    assert.equal(siblingWorktreeId(['a', 'b'], byProject, byId, 'a3', 1), 'b1');
    assert.equal(siblingWorktreeId(['a', 'b'], byProject, byId, 'b1', 1), 'a1');
    assert.equal(siblingWorktreeId(['a', 'b'], byProject, byId, 'a1', -1), 'b1');
  });

  it('starts at the first worktree when none is current, and gives nothing without worktrees', () => {
    assert.equal(siblingWorktreeId(['a', 'b'], byProject, byId, null, 1), 'a1');
    assert.equal(siblingWorktreeId([], {}, {}, null, 1), null);
  });
});
