// Creating a worktree that clashes with a branch or folder, or that git refuses: a 4xx naming
// the field, and nothing created.
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { branchExistsIn, catalogBytes, gitIn, worktreePaths } from '../test-support/git.js';
import { errorCode } from '../test-support/http.js';
import { useReposServer } from '../test-support/repos-server.js';

describe('worktrees over real git repositories', () => {
  const grove = useReposServer();

  test('a branch that exists (or clashes) is 409 branch-exists with a free suggestion; nothing is created', async () => {
    const { repo, project } = await grove.newProject();
    gitIn(repo, 'branch', 'taken');
    gitIn(repo, 'branch', 'taken-2');
    gitIn(repo, 'branch', 'group/inner');
    const catalog = await catalogBytes(grove.dataDir);
    const worktreesBefore = worktreePaths(repo);
    for (const [body, suggestion] of [
      [{ branch: 'main' }, 'main-2'],
      [{ branch: 'taken' }, 'taken-3'],
      [{ name: 'taken' }, 'taken-3'],
      [{ branch: 'group' }, 'group-2'],
      [{ branch: 'main/sub' }, 'main-sub-2'],
    ] as const) {
      const response = await grove.createWorktree(project, body);
      assert.equal(response.status, 409, JSON.stringify(body));
      assert.equal(errorCode(response.body), 'branch-exists');
      assert.equal(response.body.error.field, 'branch');
      assert.match(response.body.error.message, new RegExp(`"${suggestion}"`));
    }
    assert.equal(await catalogBytes(grove.dataDir), catalog);
    assert.deepEqual(worktreePaths(repo), worktreesBefore);
  });

  test('a folder already in use is 409 path-in-use with a suggestion; the folder is left alone', async () => {
    const { repo, project } = await grove.newProject();
    const folder = path.join(path.dirname(repo), 'repo-worktrees', 'busy');
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'mine.txt'), 'not yours');
    const catalog = await catalogBytes(grove.dataDir);
    const response = await grove.createWorktree(project, { name: 'busy' });
    assert.equal(response.status, 409);
    assert.equal(errorCode(response.body), 'path-in-use');
    assert.match(response.body.error.message, /"busy-2"/);
    assert.equal(await readFile(path.join(folder, 'mine.txt'), 'utf8'), 'not yours');
    assert.equal(branchExistsIn(repo, 'busy'), false);
    assert.equal(await catalogBytes(grove.dataDir), catalog);
  });

  test('a base branch that does not exist, or a branch git refuses, is 400 naming the field', async () => {
    const { repo, project } = await grove.newProject();
    const catalog = await catalogBytes(grove.dataDir);
    for (const [body, field] of [
      [{ base_branch: 'nope' }, 'base_branch'],
      [{ branch: 'a/.hidden' }, 'branch'],
      [{ name: 'x..y' }, 'name'],
    ] as const) {
      const response = await grove.createWorktree(project, body);
      assert.equal(response.status, 400, JSON.stringify(response.body));
      assert.equal(errorCode(response.body), 'invalid-request');
      assert.equal(response.body.error.field, field);
    }
    assert.equal(await catalogBytes(grove.dataDir), catalog);
    assert.deepEqual(worktreePaths(repo), [repo]);
  });
});
