// Commit (everything or chosen files) and discard over real repositories, with their refusals.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { WorktreeGitStatus } from '../contract/index.js';
import { gitIn } from '../test-support/git.js';
import { errorCode } from '../test-support/http.js';
import { useReposServer } from '../test-support/repos-server.js';
import { commitAll, newReviewWorktree } from '../test-support/review-fixture.js';

describe('commit and discard', () => {
  const grove = useReposServer();

  test('commit everything, then only chosen files (new ones included)', async () => {
    const wt = await newReviewWorktree(grove);
    const dir = wt.worktree.path;
    await writeFile(path.join(dir, 'one.txt'), '1\n');
    await writeFile(path.join(dir, 'two words.txt'), '2\n');
    const all = await wt.post<{ sha: string }>('commit', { message: 'first commit' });
    assert.equal(all.status, 201, JSON.stringify(all.body));
    assert.equal(gitIn(dir, 'rev-parse', 'HEAD'), all.body.sha);
    assert.equal(gitIn(dir, 'log', '-1', '--format=%s'), 'first commit');
    assert.equal((await wt.status()).files.length, 0);

    await writeFile(path.join(dir, 'one.txt'), '1\n1\n');
    await writeFile(path.join(dir, 'two words.txt'), '2\n2\n');
    await writeFile(path.join(dir, 'new.txt'), 'new\n');
    const some = await wt.post('commit', {
      message: 'some',
      paths: ['two words.txt', 'new.txt'],
    });
    assert.equal(some.status, 201, JSON.stringify(some.body));
    assert.deepEqual(gitIn(dir, 'show', '--name-only', '--format=', 'HEAD').split('\n').sort(), [
      'new.txt',
      'two words.txt',
    ]);
    assert.deepEqual(
      (await wt.status()).files.map((file) => [file.path, file.status]),
      [['one.txt', 'modified']],
    );
  });

  test('refusals: empty message 400, nothing to commit 409, no identity 409 with help', async () => {
    const wt = await newReviewWorktree(grove);
    const empty = await wt.post('commit', { message: '   ' });
    assert.equal(empty.status, 400);
    assert.equal(empty.body.error.field, 'message');
    const nothing = await wt.post('commit', { message: 'nothing' });
    assert.equal(nothing.status, 409);
    assert.equal(errorCode(nothing.body), 'nothing-to-commit');

    await writeFile(path.join(wt.worktree.path, 'x.txt'), 'x\n');
    gitIn(wt.repo, 'config', '--unset', 'user.name');
    gitIn(wt.repo, 'config', '--unset', 'user.email');
    gitIn(wt.repo, 'config', 'user.useConfigOnly', 'true');
    const saved = process.env.GIT_CONFIG_GLOBAL;
    process.env.GIT_CONFIG_GLOBAL = path.join(wt.repo, 'no-global-config');
    try {
      const anonymous = await wt.post('commit', { message: 'who am I' });
      assert.equal(anonymous.status, 409, JSON.stringify(anonymous.body));
      assert.equal(errorCode(anonymous.body), 'no-git-identity');
      assert.match(anonymous.body.error.message, /git config --global user\.email/);
    } finally {
      if (saved === undefined) delete process.env.GIT_CONFIG_GLOBAL;
      else process.env.GIT_CONFIG_GLOBAL = saved;
    }
  });

  test('discard restores tracked files and deletes untracked ones, folders included', async () => {
    const wt = await newReviewWorktree(grove);
    const dir = wt.worktree.path;
    await writeFile(path.join(dir, 'keep.txt'), 'original\n');
    await writeFile(path.join(dir, 'doomed.txt'), 'doomed\n');
    commitAll(dir, 'base files');
    await writeFile(path.join(dir, 'keep.txt'), 'edited\n');
    gitIn(dir, 'rm', '-q', 'doomed.txt');
    await mkdir(path.join(dir, 'scratch', 'deep'), { recursive: true });
    await writeFile(path.join(dir, 'scratch', 'deep', 'a.txt'), 'a\n');
    await writeFile(path.join(dir, 'staged new.txt'), 'n\n');
    gitIn(dir, 'add', 'staged new.txt');
    await writeFile(path.join(dir, 'stays.txt'), 'untouched\n');

    const response = await wt.post<WorktreeGitStatus>('discard', {
      paths: ['keep.txt', 'doomed.txt', 'scratch', 'staged new.txt'],
    });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(await readFile(path.join(dir, 'keep.txt'), 'utf8'), 'original\n');
    assert.equal(await readFile(path.join(dir, 'doomed.txt'), 'utf8'), 'doomed\n');
    assert.equal(existsSync(path.join(dir, 'scratch')), false);
    assert.equal(existsSync(path.join(dir, 'staged new.txt')), false);
    assert.deepEqual(
      response.body.files.map((file) => file.path),
      ['stays.txt'],
    );
    const unknown = await wt.post('discard', { paths: ['never-changed.txt'] });
    assert.equal(unknown.status, 400);
  });
});
