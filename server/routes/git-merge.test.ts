// Merge into the base checkout with each strategy, its refusals, and a conflict that must leave
// the base checkout exactly as it was; update from base with and without keeping conflicts.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { MergeResult, UpdateResult } from '../contract/index.js';
import { commitFile, gitIn } from '../test-support/git.js';
import { errorCode } from '../test-support/http.js';
import { useReposServer } from '../test-support/repos-server.js';
import { newReviewWorktree, type ReviewWorktree } from '../test-support/review-fixture.js';

function mergeHeadExists(repo: string): boolean {
  return existsSync(path.join(repo, gitIn(repo, 'rev-parse', '--git-path', 'MERGE_HEAD')));
}

describe('merge and update', () => {
  const grove = useReposServer();

  async function withWork(name: string): Promise<ReviewWorktree> {
    const wt = await newReviewWorktree(grove, name);
    commitFile(wt.worktree.path, 'feature.txt', 'feature\n', 'add feature');
    commitFile(wt.worktree.path, 'feature2.txt', 'more\n', 'add more');
    // The base moves on too, so a fast-forward is not possible.
    commitFile(wt.repo, 'base.txt', 'base\n', 'base work');
    return wt;
  }

  for (const strategy of ['merge', 'squash', 'rebase'] as const) {
    test(`${strategy} lands the work on the base branch`, async () => {
      const wt = await withWork(`land-${strategy}`);
      const response = await wt.post<MergeResult>('merge', { strategy });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.equal(response.body.base_branch, 'main');
      assert.equal(gitIn(wt.repo, 'rev-parse', 'main'), response.body.head);
      assert.equal(await readFile(path.join(wt.repo, 'feature2.txt'), 'utf8'), 'more\n');
      assert.equal(gitIn(wt.repo, 'status', '--porcelain'), '');
      const parents = gitIn(wt.repo, 'log', '-1', '--format=%P').split(' ');
      const subjects = gitIn(wt.repo, 'log', '--format=%s', 'main').split('\n');
      if (strategy === 'merge') {
        assert.equal(parents.length, 2);
        assert.equal(subjects[0], `Merge branch 'land-merge' into main`);
      } else if (strategy === 'squash') {
        assert.equal(parents.length, 1);
        assert.deepEqual(subjects.slice(0, 2), ['land-squash', 'base work']);
      } else {
        assert.equal(parents.length, 1);
        assert.deepEqual(subjects.slice(0, 3), ['add more', 'add feature', 'base work']);
      }
      const status = await wt.status();
      if (strategy !== 'squash') assert.equal(status.ahead, 0);
    });
  }

  test('a conflict changes nothing in the base checkout: same HEAD, no MERGE_HEAD, clean', async () => {
    for (const strategy of ['merge', 'squash', 'rebase'] as const) {
      const wt = await newReviewWorktree(grove, `clash-${strategy}`);
      commitFile(wt.worktree.path, 'README.md', 'ours\n', 'ours');
      commitFile(wt.repo, 'README.md', 'theirs\n', 'theirs');
      const before = gitIn(wt.repo, 'rev-parse', 'HEAD');
      const branchBefore = gitIn(wt.worktree.path, 'rev-parse', 'HEAD');
      const response = await wt.post('merge', { strategy });
      assert.equal(response.status, 409, JSON.stringify(response.body));
      assert.equal(errorCode(response.body), 'merge-conflict');
      assert.match(response.body.error.message, /README\.md/);
      assert.deepEqual(response.body.error.files, ['README.md'], 'the files come as a field');
      assert.equal(gitIn(wt.repo, 'rev-parse', 'HEAD'), before);
      assert.equal(mergeHeadExists(wt.repo), false);
      assert.equal(gitIn(wt.repo, 'status', '--porcelain'), '');
      assert.equal(gitIn(wt.worktree.path, 'rev-parse', 'HEAD'), branchBefore);
    }
  });

  test('files git does not track in the base checkout, where the merge would write, refuse it', async () => {
    for (const strategy of ['merge', 'squash', 'rebase'] as const) {
      const wt = await newReviewWorktree(grove, `in-the-way-${strategy}`);
      commitFile(wt.repo, 'swap', 'a file the branch turns into a folder\n', 'swap');
      gitIn(wt.worktree.path, 'merge', '-q', 'main');
      gitIn(wt.worktree.path, 'rm', '-q', 'swap');
      for (const file of ['new.txt', 'dir/inner.txt', 'build/out.log', 'swap/inside.txt']) {
        await mkdir(path.dirname(path.join(wt.worktree.path, file)), { recursive: true });
        await writeFile(path.join(wt.worktree.path, file), `branch's ${file}\n`);
      }
      gitIn(wt.worktree.path, 'add', '--all');
      gitIn(wt.worktree.path, 'commit', '-q', '-m', 'add files');
      commitFile(wt.repo, 'base.txt', 'base\n', 'base work');
      // In the base checkout: an untracked file, an ignored one, and a file where a folder goes.
      await writeFile(path.join(wt.repo, 'new.txt'), 'mine, untracked\n');
      await writeFile(path.join(wt.repo, 'dir'), 'mine, a file named dir\n');
      await mkdir(path.join(wt.repo, 'build'));
      await writeFile(path.join(wt.repo, 'build', 'out.log'), 'mine, ignored\n');
      await writeFile(path.join(wt.repo, '.git', 'info', 'exclude'), 'build/\n');
      const before = gitIn(wt.repo, 'rev-parse', 'HEAD');
      const branchBefore = gitIn(wt.worktree.path, 'rev-parse', 'HEAD');

      const refused = await wt.post('merge', { strategy });
      assert.equal(refused.status, 409, JSON.stringify(refused.body));
      assert.equal(errorCode(refused.body), 'base-untracked-files');
      assert.deepEqual(refused.body.error.files, ['build/out.log', 'dir', 'new.txt'], strategy);
      assert.match(refused.body.error.message, /build\/out\.log, dir, new\.txt/);
      assert.equal(gitIn(wt.repo, 'rev-parse', 'HEAD'), before);
      assert.equal(gitIn(wt.worktree.path, 'rev-parse', 'HEAD'), branchBefore, 'not rebased');
      assert.equal(
        await readFile(path.join(wt.repo, 'build', 'out.log'), 'utf8'),
        'mine, ignored\n',
      );
      assert.equal(await readFile(path.join(wt.repo, 'new.txt'), 'utf8'), 'mine, untracked\n');

      // Once they are out of the way (the tracked `swap` never was in it), the merge lands.
      await Promise.all(
        ['new.txt', 'dir', 'build'].map((name) =>
          rm(path.join(wt.repo, name), { recursive: true }),
        ),
      );
      const landed = await wt.post<MergeResult>('merge', { strategy });
      assert.equal(landed.status, 200, JSON.stringify(landed.body));
      assert.equal(
        await readFile(path.join(wt.repo, 'swap', 'inside.txt'), 'utf8'),
        "branch's swap/inside.txt\n",
      );
    }
  });

  test('refused: dirty base checkout, base on another branch, uncommitted work, nothing to merge', async () => {
    const wt = await withWork('refusals');
    const code = async (body: object = { strategy: 'merge' }) => {
      const response = await wt.post('merge', body);
      assert.equal(response.status, 409, JSON.stringify(response.body));
      return errorCode(response.body);
    };
    await writeFile(path.join(wt.repo, 'README.md'), 'dirty base\n');
    assert.equal(await code(), 'base-dirty');
    gitIn(wt.repo, 'checkout', '-q', '--', 'README.md');
    gitIn(wt.repo, 'checkout', '-q', '-b', 'elsewhere');
    assert.equal(await code(), 'base-branch-mismatch');
    gitIn(wt.repo, 'checkout', '-q', 'main');
    await writeFile(path.join(wt.worktree.path, 'wip.txt'), 'wip\n');
    assert.equal(await code(), 'worktree-dirty');
    const fresh = await newReviewWorktree(grove, 'nothing-yet');
    const nothing = await fresh.post('merge', { strategy: 'merge' });
    assert.equal(errorCode(nothing.body), 'nothing-to-commit');
    const base = (await grove.api.get(`/api/projects/${wt.project.id}/worktrees`)).body.find(
      (item: { kind: string }) => item.kind === 'base',
    );
    const onBase = await grove.api.post(`/api/worktrees/${base.id}/git/merge`, {});
    assert.equal(errorCode(onBase.body), 'base-worktree');
  });

  test('update from base: merge and rebase; a conflict is undone or kept for resolving', async () => {
    const wt = await newReviewWorktree(grove, 'updating');
    commitFile(wt.worktree.path, 'mine.txt', 'mine\n', 'mine');
    commitFile(wt.repo, 'upstream.txt', 'upstream\n', 'upstream');
    const merged = await wt.post<UpdateResult>('update', { strategy: 'merge' });
    assert.equal(merged.status, 200, JSON.stringify(merged.body));
    assert.equal(merged.body.outcome, 'updated');
    assert.equal(merged.body.status.behind, 0);
    assert.ok(existsSync(path.join(wt.worktree.path, 'upstream.txt')));
    assert.equal((await wt.post<UpdateResult>('update', {})).body.outcome, 'up-to-date');

    commitFile(wt.repo, 'upstream2.txt', 'more\n', 'upstream 2');
    const rebased = await wt.post<UpdateResult>('update', { strategy: 'rebase' });
    assert.equal(rebased.body.outcome, 'updated');
    assert.equal(gitIn(wt.worktree.path, 'log', '-1', '--format=%s'), 'mine');

    commitFile(wt.worktree.path, 'README.md', 'ours\n', 'ours');
    commitFile(wt.repo, 'README.md', 'theirs\n', 'theirs');
    const head = gitIn(wt.worktree.path, 'rev-parse', 'HEAD');
    const aborted = await wt.post('update', { strategy: 'merge' });
    assert.equal(errorCode(aborted.body), 'merge-conflict');
    assert.deepEqual(aborted.body.error.files, ['README.md']);
    assert.equal(gitIn(wt.worktree.path, 'rev-parse', 'HEAD'), head);
    assert.equal(gitIn(wt.worktree.path, 'status', '--porcelain'), '');

    const kept = await wt.post<UpdateResult>('update', { strategy: 'merge', keep_conflicts: true });
    assert.equal(kept.status, 200);
    assert.equal(kept.body.outcome, 'conflicts');
    assert.deepEqual(kept.body.conflicts, ['README.md']);
    assert.equal(kept.body.status.operation, 'merge');
    assert.deepEqual(kept.body.status.conflicts, ['README.md']);
    assert.equal(kept.body.status.files[0]?.status, 'conflicted');
    await writeFile(path.join(wt.worktree.path, 'README.md'), 'both\n');
    const resolved = await wt.post('commit', { message: 'resolve' });
    assert.equal(resolved.status, 201, JSON.stringify(resolved.body));
    assert.equal((await wt.status()).operation, null);
  });
});
