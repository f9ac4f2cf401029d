// The watcher over a real event hub: agent tool results and run ends trigger one coalesced
// status read, a changed status is published once, and nothing is polled without clients.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { WorktreeGitStatus } from '../contract/index.js';
import { EventHub } from '../events/hub.js';
import type { Store } from '../store/store.js';
import type { ServiceContext } from './context.js';
import { GitStatusWatcher } from './git-status-watcher.js';

const WORKTREE = '11111111-1111-4111-8111-111111111111';
const run = { session_id: 's', worktree_id: WORKTREE, run_id: 'r' };

function statusWith(files: number): WorktreeGitStatus {
  return {
    branch: 'feature',
    base_branch: 'main',
    head: 'abc',
    ahead: 0,
    behind: 0,
    upstream: null,
    unpushed: null,
    operation: null,
    conflicts: [],
    files: Array.from({ length: files }, (_, index) => ({
      path: `f${index}`,
      old_path: null,
      status: 'untracked' as const,
      staged: false,
      additions: 1,
      deletions: 0,
      binary: false,
    })),
  };
}

function rig(options: { clients: boolean }) {
  const hub = new EventHub();
  const store = { worktrees: [{ id: WORKTREE, archived_at: null }] } as unknown as Store;
  const context: ServiceContext = { store, hub, log: () => undefined };
  let files = 0;
  const reads: number[] = [];
  const watcher = new GitStatusWatcher(
    context,
    async () => {
      reads.push(Date.now());
      return statusWith(files);
    },
    () => options.clients,
    { coalesceMs: 30, watchedIntervalMs: 40, idleIntervalMs: 60_000 },
  );
  const published: string[] = [];
  hub.subscribe((event) => published.push(event.event));
  const updates = () => published.filter((name) => name === 'git-status-updated');
  return { hub, watcher, reads, updates, setFiles: (count: number) => (files = count) };
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Wait for a condition the watcher's own timers bring about. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await settle(10);
}

describe('GitStatusWatcher', () => {
  test('a burst of tool results and the run end make one read; a change is published once', async () => {
    const { hub, watcher, reads, updates, setFiles } = rig({ clients: true });
    watcher.start();
    try {
      setFiles(1);
      for (let index = 0; index < 5; index++) {
        hub.publish('tool-result', {
          ...run,
          message_id: 'm',
          tool_use_id: `t${index}`,
          output: '',
          is_error: false,
        });
      }
      hub.publish('run-completed', {
        ...run,
        usage: {
          input_tokens: 0,
          output_tokens: 0,
          cache_read_tokens: 0,
          cache_write_tokens: 0,
          reasoning_tokens: 0,
          cost_usd: null,
          duration_ms: 0,
        },
      });
      await until(() => updates().length === 1);
      assert.equal(reads.length, 1);
      // The same status again is not published again.
      hub.publish('run-failed', { ...run, error: { code: 'x', message: 'x' } });
      await until(() => reads.length === 2);
      await settle(0);
      assert.equal(updates().length, 1);
    } finally {
      watcher.stop();
    }
  });

  test('a watched worktree is polled while a client is connected, never without one', async () => {
    const connected = rig({ clients: true });
    connected.watcher.start();
    connected.watcher.watch(WORKTREE);
    await until(() => connected.reads.length >= 2);
    connected.watcher.stop();

    const alone = rig({ clients: false });
    alone.watcher.start();
    alone.watcher.watch(WORKTREE);
    await settle(300);
    alone.watcher.stop();
    assert.equal(alone.reads.length, 0);
  });

  test('a read that started before a newer one and ends after it is never published over it', () => {
    const hub = new EventHub();
    const store = { worktrees: [] } as unknown as Store;
    const watcher = new GitStatusWatcher(
      { store, hub, log: () => undefined },
      async () => null,
      () => true,
    );
    const published: number[] = [];
    hub.subscribe((event) => {
      if (event.event === 'git-status-updated') published.push(event.data.status.files.length);
    });
    // An API read starts while the worktree has 3 changed files; a commit lands, and the
    // refresh after it reads a clean tree and ends first; then the older read ends.
    const before = watcher.startRead();
    const after = watcher.startRead();
    watcher.remember(WORKTREE, statusWith(0), after);
    watcher.remember(WORKTREE, statusWith(3), before);
    assert.deepEqual(published, [0]);
    // A read started later still replaces it.
    watcher.remember(WORKTREE, statusWith(1), watcher.startRead());
    assert.deepEqual(published, [0, 1]);
  });
});
