import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { gitIn } from '../test-support/git.js';
import {
  EventRecorder,
  makeRepo,
  removeDir,
  startTestServer,
  type TestServer,
} from '../test-support/harness.js';
import { mountTinyDisk, SKIP_WITHOUT_MOUNT } from '../test-support/tiny-disk.js';

type Json = Record<string, any>;

/** Operations that change git and the store: a storage failure must not leave half of one. */
describe('storage failures part-way through an operation', () => {
  const dirs: string[] = [];
  after(async () => {
    await Promise.all(dirs.map(removeDir));
  });

  async function project(t: TestServer): Promise<{ id: string; repo: string }> {
    const repo = await makeRepo();
    dirs.push(path.dirname(repo));
    const created = await t.api.post('/api/projects', { path: repo });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return { id: created.body.id, repo };
  }

  test('a worktree whose record cannot be saved: 507, its folder and branch undone; a retry works', async (context) => {
    const disk = await mountTinyDisk(1024);
    if (!disk) return context.skip(SKIP_WITHOUT_MOUNT);
    let t: TestServer | null = null;
    try {
      t = await startTestServer({ dataDir: disk.dir });
      const { id, repo } = await project(t);
      const url = `/api/projects/${id}/worktrees`;
      await disk.fill();
      const failed = await t.api.post(url, { name: 'feature' });
      assert.equal(failed.status, 507, JSON.stringify(failed.body));
      assert.match(failed.body.error.message, /^Nothing was saved: /);
      assert.equal(gitIn(repo, 'branch', '--list', 'feature'), '', 'the branch was deleted');
      assert.ok(!existsSync(path.join(`${repo}-worktrees`, 'feature')), 'the folder was removed');

      await disk.free();
      const retried = await t.api.post(url, { name: 'feature' });
      assert.equal(retried.status, 201, JSON.stringify(retried.body));
      assert.ok(existsSync(retried.body.path));
    } finally {
      await t?.close();
      await disk.unmount();
    }
  });

  test('removing a worktree or project whose sessions folder is gone still completes', async () => {
    const t = await startTestServer();
    dirs.push(t.dataDir);
    try {
      const { id: projectId } = await project(t);
      const worktree = await t.api.post(`/api/projects/${projectId}/worktrees`, { name: 'w' });
      assert.equal(worktree.status, 201, JSON.stringify(worktree.body));
      const base = (await t.api.get(`/api/projects/${projectId}/worktrees`)).body.find(
        (item: Json) => item.kind === 'base',
      );
      const sessionIn = async (worktreeId: string) =>
        (await t.api.post(`/api/worktrees/${worktreeId}/sessions`, {})).body.id as string;
      const inWorktree = await sessionIn(worktree.body.id);
      const inBase = await sessionIn(base.id);
      const events = await EventRecorder.connect(t.server);
      // Session shards can no longer be written: deleting them must not need to.
      const sessionsDir = path.join(t.dataDir, 'sessions');
      await rename(sessionsDir, `${sessionsDir}-away`);

      const removed = await t.api.delete(`/api/worktrees/${worktree.body.id}?force=true`);
      assert.equal(removed.status, 204, JSON.stringify(removed.body));
      await events.waitForEvent('worktree-deleted');
      assert.equal((await t.api.get(`/api/sessions/${inWorktree}`)).status, 404);

      const dropped = await t.api.delete(`/api/projects/${projectId}`);
      assert.equal(dropped.status, 204, JSON.stringify(dropped.body));
      await events.waitForEvent('project-deleted');
      assert.equal((await t.api.get(`/api/sessions/${inBase}`)).status, 404);
      events.close();
    } finally {
      await t.close();
    }
  });
});
