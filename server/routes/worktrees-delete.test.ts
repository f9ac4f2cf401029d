// Deleting worktrees: git worktree remove, never losing uncommitted work unless forced.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Worktree } from '../contract/index.js';
import { removeDir, type ApiResponse } from '../test-support/harness.js';
import { branchExistsIn, catalogBytes, worktreePaths } from '../test-support/git.js';
import { errorCode } from '../test-support/http.js';
import { useReposServer } from '../test-support/repos-server.js';

describe('worktrees over real git repositories', () => {
  const grove = useReposServer();

  test('DELETE of a clean worktree runs git worktree remove and keeps the branch', async () => {
    const { repo, project } = await grove.sharedProject();
    const { body: worktree } = await grove.createWorktree(project, { name: 'clean' });
    const response = await grove.api.delete(`/api/worktrees/${worktree.id}`);
    assert.equal(response.status, 204);
    assert.equal(existsSync(worktree.path), false);
    assert.ok(!worktreePaths(repo).includes(worktree.path));
    assert.equal(branchExistsIn(repo, 'clean'), true, 'the branch is kept by default');
    assert.equal((await grove.api.get(`/api/worktrees/${worktree.id}`)).status, 404);
    await grove.events.waitFor(
      (frame) => frame.event === 'worktree-deleted' && frame.data.worktree_id === worktree.id,
    );
  });

  test('DELETE of a dirty worktree is 409 worktree-dirty and leaves everything; ?force=true removes it', async () => {
    const { repo, project } = await grove.sharedProject();
    const { body: worktree } = await grove.createWorktree(project, { name: 'dirty' });
    await writeFile(path.join(worktree.path, 'README.md'), 'my unsaved work\n');
    await writeFile(path.join(worktree.path, 'new.txt'), 'new file\n');
    const catalog = await catalogBytes(grove.dataDir);

    for (const query of ['', '?force=false', '?delete_branch=true']) {
      const refused = await grove.api.delete(`/api/worktrees/${worktree.id}${query}`);
      assert.equal(refused.status, 409, query);
      assert.equal(errorCode(refused.body), 'worktree-dirty');
      assert.match(refused.body.error.message, /force=true/);
    }
    assert.equal(
      await readFile(path.join(worktree.path, 'README.md'), 'utf8'),
      'my unsaved work\n',
    );
    assert.equal(await readFile(path.join(worktree.path, 'new.txt'), 'utf8'), 'new file\n');
    assert.ok(worktreePaths(repo).includes(worktree.path));
    assert.equal(branchExistsIn(repo, 'dirty'), true);
    assert.equal(await catalogBytes(grove.dataDir), catalog);
    assert.equal((await grove.api.get(`/api/worktrees/${worktree.id}`)).status, 200);

    const forced = await grove.api.delete(`/api/worktrees/${worktree.id}?force=true`);
    assert.equal(forced.status, 204);
    assert.equal(existsSync(worktree.path), false);
    assert.ok(!worktreePaths(repo).includes(worktree.path));
    assert.equal(branchExistsIn(repo, 'dirty'), true);
  });

  test('DELETE with ?delete_branch=true deletes the branch too', async () => {
    const { repo, project } = await grove.sharedProject();
    const { body: worktree } = await grove.createWorktree(project, { name: 'gone' });
    const response = await grove.api.delete(`/api/worktrees/${worktree.id}?delete_branch=true`);
    assert.equal(response.status, 204);
    assert.equal(branchExistsIn(repo, 'gone'), false);
    assert.equal(existsSync(worktree.path), false);
  });

  test('DELETE of a worktree whose folder was removed by hand prunes it', async () => {
    const { repo, project } = await grove.sharedProject();
    const { body: worktree } = await grove.createWorktree(project, { name: 'vanished' });
    await removeDir(worktree.path);
    const response = await grove.api.delete(`/api/worktrees/${worktree.id}`);
    assert.equal(response.status, 204);
    assert.ok(!worktreePaths(repo).includes(worktree.path));
  });

  test('the base worktree cannot be deleted', async () => {
    const { repo, project } = await grove.sharedProject();
    const [base] = (await grove.api.get<Worktree[]>(`/api/projects/${project.id}/worktrees`)).body;
    assert.ok(base);
    assert.equal(base.kind, 'base');
    for (const query of ['', '?force=true']) {
      const response: ApiResponse = await grove.api.delete(`/api/worktrees/${base.id}${query}`);
      assert.equal(response.status, 409);
      assert.equal(errorCode(response.body), 'base-worktree');
    }
    assert.ok(existsSync(path.join(repo, 'README.md')));
    assert.equal((await grove.api.get(`/api/worktrees/${base.id}`)).status, 200);
  });
});
