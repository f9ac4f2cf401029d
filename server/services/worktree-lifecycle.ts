import type { Worktree } from '../contract/index.js';

/** What else a worktree's life brings: its grove.json scripts (setup, teardown). */
export interface WorktreeLifecycle {
  /** After the worktree is created and saved; resolves with it as it is then. */
  afterCreate(worktree: Worktree): Promise<Worktree>;
  /** Before removal, before its agents are stopped; throwing refuses the removal. */
  beforeRemove(worktree: Worktree, options: { force: boolean }): Promise<void>;
}

/** For a service without scripts (tests of the worktrees alone). */
export const NO_LIFECYCLE: WorktreeLifecycle = {
  afterCreate: (worktree) => Promise.resolve(worktree),
  beforeRemove: () => Promise.resolve(),
};
