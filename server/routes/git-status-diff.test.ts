// Status, diff and commits over real repositories: renames, binary, deleted, an untracked folder,
// a name with spaces and unicode, and paths that try to leave the worktree.
import assert from 'node:assert/strict';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { CommitInfo, WorktreeDiff } from '../contract/index.js';
import { gitIn } from '../test-support/git.js';
import { errorCode } from '../test-support/http.js';
import { useReposServer } from '../test-support/repos-server.js';
import { commitAll, newReviewWorktree } from '../test-support/review-fixture.js';

const ODD_NAME = 'notes dir/résumé – 日本.txt';

describe('git status, diff and commits', () => {
  const grove = useReposServer();

  test('status and diff list every kind of change with counts and patches', async () => {
    const wt = await newReviewWorktree(grove);
    const dir = wt.worktree.path;
    await writeFile(path.join(dir, 'keep.txt'), 'one\ntwo\nthree\nfour\nfive\nsix\n');
    await writeFile(path.join(dir, 'gone.txt'), 'bye\n');
    await writeFile(path.join(dir, 'logo.bin'), Buffer.from([0, 1, 2, 3]));
    commitAll(dir, 'files to change');
    await writeFile(path.join(dir, 'keep.txt'), 'one\ntwo\nTHREE\nfour\nfive\nsix\nseven\n');
    await rm(path.join(dir, 'gone.txt'));
    await writeFile(path.join(dir, 'logo.bin'), Buffer.from([0, 9, 9, 3, 4]));
    gitIn(dir, 'mv', 'README.md', 'READ ME.md');
    await mkdir(path.join(dir, 'notes dir'), { recursive: true });
    await writeFile(path.join(dir, ODD_NAME), 'a\nb\n');
    await writeFile(path.join(dir, 'notes dir', 'more.md'), '# more\n');

    const status = await wt.status();
    const byPath = new Map(status.files.map((file) => [file.path, file]));
    assert.equal(status.branch, 'feature');
    assert.equal(status.base_branch, 'main');
    assert.equal(status.ahead, 1);
    assert.equal(status.operation, null);
    assert.deepEqual(byPath.get('keep.txt'), {
      path: 'keep.txt',
      old_path: null,
      status: 'modified',
      staged: false,
      additions: 2,
      deletions: 1,
      binary: false,
    });
    assert.equal(byPath.get('gone.txt')?.status, 'deleted');
    assert.equal(byPath.get('gone.txt')?.deletions, 1);
    assert.equal(byPath.get('logo.bin')?.binary, true);
    assert.equal(byPath.get('READ ME.md')?.status, 'renamed');
    assert.equal(byPath.get('READ ME.md')?.old_path, 'README.md');
    assert.equal(byPath.get('READ ME.md')?.staged, true);
    assert.equal(byPath.get(ODD_NAME)?.status, 'untracked');
    assert.equal(byPath.get(ODD_NAME)?.additions, 2);
    assert.equal(byPath.get('notes dir/more.md')?.status, 'untracked');

    const diff = await wt.get<WorktreeDiff>('diff?scope=uncommitted');
    assert.equal(diff.status, 200, JSON.stringify(diff.body));
    const files = new Map(diff.body.files.map((file) => [file.path, file]));
    assert.match(files.get('keep.txt')?.patch ?? '', /^-three\n\+THREE\n/m);
    assert.match(files.get('keep.txt')?.patch ?? '', /^\+seven$/m);
    assert.equal(files.get('logo.bin')?.binary, true);
    assert.equal(files.get('logo.bin')?.patch, null);
    assert.equal(files.get('gone.txt')?.status, 'deleted');
    assert.equal(files.get('READ ME.md')?.status, 'renamed');
    assert.equal(files.get('READ ME.md')?.old_path, 'README.md');
    const odd = files.get(ODD_NAME);
    assert.equal(odd?.status, 'untracked');
    assert.equal(odd?.additions, 2);
    assert.match(odd?.patch ?? '', /^\+a\n\+b$/m);
    assert.ok(files.has('notes dir/more.md'), 'files in an untracked folder are listed');

    const one = await wt.get<WorktreeDiff>(`diff?path=${encodeURIComponent(ODD_NAME)}`);
    assert.deepEqual(
      one.body.files.map((file) => file.path),
      [ODD_NAME],
    );
  });

  test('branch scope covers commits and uncommitted work; commit scope one commit', async () => {
    const wt = await newReviewWorktree(grove);
    const dir = wt.worktree.path;
    await writeFile(path.join(dir, 'a.txt'), 'a\n');
    const first = commitAll(dir, 'add a\n\nwith a body');
    await writeFile(path.join(dir, 'b.txt'), 'b\nb\n');
    const second = commitAll(dir, 'add b');
    await writeFile(path.join(dir, 'c.txt'), 'c\n');

    const branch = await wt.get<WorktreeDiff>('diff?scope=branch');
    assert.deepEqual(
      branch.body.files.map((file) => file.path),
      ['a.txt', 'b.txt', 'c.txt'],
    );
    const commit = await wt.get<WorktreeDiff>(`diff?scope=commit&commit=${second}`);
    assert.deepEqual(
      commit.body.files.map((file) => [file.path, file.status, file.additions]),
      [['b.txt', 'added', 2]],
    );
    const unknown = await wt.get(`diff?scope=commit&commit=${'0'.repeat(40)}`);
    assert.equal(unknown.status, 404);
    assert.equal((await wt.get('diff?scope=commit')).status, 400);

    const commits = await wt.get<CommitInfo[]>('commits');
    assert.equal(commits.status, 200);
    assert.deepEqual(
      commits.body.map((item) => [item.sha, item.subject, item.additions, item.files_changed]),
      [
        [second, 'add b', 2, 1],
        [first, 'add a', 1, 1],
      ],
    );
    assert.equal(commits.body[1]?.body, 'with a body');
    assert.match(commits.body[0]?.author ?? '', /Grove Test <test@example.com>/);
    const older = await wt.get<CommitInfo[]>(`commits?limit=5&before=${second}`);
    assert.deepEqual(
      older.body.map((item) => item.sha),
      [first],
    );
  });

  test('a file over 20,000 changed lines comes back too_large unless asked for by path', async () => {
    const wt = await newReviewWorktree(grove);
    const big = Array.from({ length: 20_500 }, (_, index) => `line ${index}`).join('\n');
    await writeFile(path.join(wt.worktree.path, 'big.txt'), `${big}\n`);
    commitAll(wt.worktree.path, 'big');
    await writeFile(path.join(wt.worktree.path, 'big.txt'), `${big.replaceAll('line', 'LINE')}\n`);
    const all = await wt.get<WorktreeDiff>('diff');
    assert.equal(all.body.files[0]?.too_large, true);
    assert.equal(all.body.files[0]?.patch, null);
    const one = await wt.get<WorktreeDiff>('diff?path=big.txt');
    assert.equal(one.body.files[0]?.too_large, true);
    assert.match(one.body.files[0]?.patch ?? '', /^\+LINE 20499$/m);
  });

  test('paths that leave the worktree are refused with 400', async () => {
    const wt = await newReviewWorktree(grove);
    const outside = await grove.tempDir('grove-outside-');
    await symlink(outside, path.join(wt.worktree.path, 'link'));
    for (const bad of ['../escape.txt', '/etc/passwd', 'a/../../x', '.git/config', 'link/x']) {
      const diff = await wt.get(`diff?path=${encodeURIComponent(bad)}`);
      assert.equal(diff.status, 400, `diff ${bad}`);
      assert.equal(errorCode(diff.body), 'invalid-request');
      const discard = await wt.post('discard', { paths: [bad] });
      assert.equal(discard.status, 400, `discard ${bad}`);
      const commit = await wt.post('commit', { message: 'x', paths: [bad] });
      assert.equal(commit.status, 400, `commit ${bad}`);
    }
    assert.equal((await wt.get('diff?scope=everything')).status, 400);
    assert.equal((await grove.api.get('/api/worktrees/not-a-uuid/git/status')).status, 400);
    const missing = await grove.api.get(`/api/worktrees/${crypto.randomUUID()}/git/status`);
    assert.equal(missing.status, 404);
  });
});
