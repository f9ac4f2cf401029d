// A worktree after creation: its git status, renaming, archiving, and 404 for unknown ids.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Worktree } from '../contract/index.js';
import { commitFile } from '../test-support/git.js';
import { errorCode } from '../test-support/http.js';
import { useReposServer } from '../test-support/repos-server.js';

describe('worktrees over real git repositories', () => {
  const grove = useReposServer();

  test('GET has a cheap git status: dirty, ahead and behind the base branch', async () => {
    const { repo, project } = await grove.newProject();
    const { body: worktree } = await grove.createWorktree(project, { name: 'status' });
    const status = async () => {
      const response = await grove.api.get<Worktree>(`/api/worktrees/${worktree.id}`);
      assert.equal(response.status, 200);
      return response.body.status;
    };
    assert.deepEqual(await status(), { dirty: false, ahead: 0, behind: 0 });
    await writeFile(path.join(worktree.path, 'scratch.txt'), 'untracked\n');
    assert.deepEqual(await status(), { dirty: true, ahead: 0, behind: 0 });
    commitFile(worktree.path, 'scratch.txt', 'committed\n');
    assert.deepEqual(await status(), { dirty: false, ahead: 1, behind: 0 });
    commitFile(repo, 'upstream.txt', 'upstream\n');
    commitFile(repo, 'upstream2.txt', 'upstream\n');
    assert.deepEqual(await status(), { dirty: false, ahead: 1, behind: 2 });
    await writeFile(path.join(worktree.path, 'README.md'), 'changed\n');
    assert.equal((await status())?.dirty, true, 'a modified tracked file is dirty too');
    // Lists stay cheap: no status there.
    const listed = (await grove.api.get<Worktree[]>(`/api/projects/${project.id}/worktrees`)).body;
    assert.ok(listed.every((item) => item.status === undefined));
  });

  test('PATCH renames (name only; branch and folder stay), publishing the change', async () => {
    const { project } = await grove.sharedProject();
    const { body: worktree } = await grove.createWorktree(project, { name: 'before' });
    const response = await grove.api.patch<Worktree>(`/api/worktrees/${worktree.id}`, {
      name: 'After',
    });
    assert.equal(response.status, 200);
    assert.equal(response.body.name, 'After');
    assert.equal(response.body.branch, worktree.branch);
    assert.equal(response.body.path, worktree.path);
    const event = await grove.events.waitFor(
      (frame) => frame.event === 'worktree-updated' && frame.data.worktree_id === worktree.id,
    );
    assert.ok(event.event === 'worktree-updated');
    assert.equal(event.data.updates.name, 'After');
    assert.equal(event.data.updates.branch, undefined);
  });

  test('archive hides a worktree from lists (unless include_archived=true); unarchive restores it', async () => {
    const { project } = await grove.sharedProject();
    const { body: worktree } = await grove.createWorktree(project, { name: 'shelf' });
    const list = async (query = '') =>
      (await grove.api.get<Worktree[]>(`/api/projects/${project.id}/worktrees${query}`)).body.map(
        (item) => item.id,
      );

    const archived = await grove.api.post<Worktree>(`/api/worktrees/${worktree.id}/archive`);
    assert.equal(archived.status, 200);
    assert.equal(typeof archived.body.archived_at, 'number');
    await grove.events.waitFor(
      (frame) => frame.event === 'worktree-archived' && frame.data.worktree_id === worktree.id,
    );
    assert.ok(!(await list()).includes(worktree.id));
    assert.ok((await list('?include_archived=true')).includes(worktree.id));
    assert.ok(!(await list('?include_archived=false')).includes(worktree.id));
    assert.ok(existsSync(worktree.path), 'files are kept');

    const again = await grove.api.post<Worktree>(`/api/worktrees/${worktree.id}/archive`);
    assert.equal(
      again.body.archived_at,
      archived.body.archived_at,
      'archiving twice changes nothing',
    );

    const restored = await grove.api.post<Worktree>(`/api/worktrees/${worktree.id}/unarchive`);
    assert.equal(restored.status, 200);
    assert.equal(restored.body.archived_at, null);
    await grove.events.waitFor(
      (frame) => frame.event === 'worktree-unarchived' && frame.data.worktree_id === worktree.id,
    );
    assert.ok((await list()).includes(worktree.id));
  });

  test('an unknown worktree id is 404 everywhere', async () => {
    const id = crypto.randomUUID();
    for (const response of [
      await grove.api.get(`/api/worktrees/${id}`),
      await grove.api.patch(`/api/worktrees/${id}`, { name: 'x' }),
      await grove.api.post(`/api/worktrees/${id}/archive`),
      await grove.api.post(`/api/worktrees/${id}/unarchive`),
      await grove.api.delete(`/api/worktrees/${id}`),
    ]) {
      assert.equal(response.status, 404);
      assert.equal(errorCode(response.body), 'not-found');
    }
  });
});
