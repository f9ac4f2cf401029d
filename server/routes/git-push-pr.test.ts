// Push to a real bare `origin` (and a rejected non-fast-forward push), pull requests through a
// scripted `gh` on PATH that records its arguments, and git-status-updated events.
import assert from 'node:assert/strict';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { PullRequestResult, PushResult, Worktree } from '../contract/index.js';
import { commitFile, gitIn } from '../test-support/git.js';
import { tempDir } from '../test-support/harness.js';
import { errorCode } from '../test-support/http.js';
import { useReposServer } from '../test-support/repos-server.js';
import { addBareOrigin, newReviewWorktree } from '../test-support/review-fixture.js';

const ghDir = await tempDir('grove-gh-');
const ghLog = path.join(ghDir, 'calls.jsonl');
const ghMode = path.join(ghDir, 'mode');

/** A stand-in for GitHub's CLI: records each call's arguments, answers like `gh pr create`. */
const GH_SCRIPT = `#!/usr/bin/env node
const fs = require('node:fs');
const args = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(ghLog)}, JSON.stringify({ args, cwd: process.cwd() }) + '\\n');
if (args[0] === '--version') { console.log('gh version 2.99.0 (stub)'); process.exit(0); }
const mode = fs.existsSync(${JSON.stringify(ghMode)}) ? fs.readFileSync(${JSON.stringify(ghMode)}, 'utf8').trim() : 'ok';
if (mode === 'logged-out') { console.error('To get started with GitHub CLI, please run:  gh auth login'); process.exit(4); }
console.log('https://github.com/acme/widgets/pull/42');
`;

async function ghCalls(): Promise<{ args: string[]; cwd: string }[]> {
  const text = await readFile(ghLog, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

await writeFile(path.join(ghDir, 'gh'), GH_SCRIPT);
await chmod(path.join(ghDir, 'gh'), 0o755);

describe('push and pull requests', () => {
  const grove = useReposServer({
    agentEnv: { PATH: `${ghDir}${path.delimiter}${process.env.PATH ?? ''}` },
  });

  test('push sets the upstream on a bare origin; a non-fast-forward push is rejected with git’s words', async () => {
    const wt = await newReviewWorktree(grove, 'pushing');
    const bare = addBareOrigin(wt.repo);
    commitFile(wt.worktree.path, 'a.txt', 'a\n');
    const pushed = await wt.post<PushResult>('push', {});
    assert.equal(pushed.status, 200, JSON.stringify(pushed.body));
    assert.equal(pushed.body.upstream, 'origin/pushing');
    assert.equal(gitIn(bare, 'rev-parse', 'pushing'), gitIn(wt.worktree.path, 'rev-parse', 'HEAD'));
    const status = await wt.status();
    assert.equal(status.upstream, 'origin/pushing');
    assert.equal(status.unpushed, 0);
    commitFile(wt.worktree.path, 'b.txt', 'b\n');
    assert.equal((await wt.status()).unpushed, 1);

    // Someone else pushes to the same branch: ours is no longer a fast-forward.
    const other = path.join(path.dirname(wt.repo), 'other');
    gitIn(path.dirname(wt.repo), 'clone', '-q', '-b', 'pushing', bare, other);
    commitFile(other, 'theirs.txt', 'theirs\n');
    gitIn(other, 'push', '-q', 'origin', 'pushing');
    const rejected = await wt.post('push', {});
    assert.equal(rejected.status, 409, JSON.stringify(rejected.body));
    assert.equal(errorCode(rejected.body), 'push-rejected');
    assert.match(rejected.body.error.message, /rejected/);
    assert.match(rejected.body.error.message, /pushing/);

    const unknownRemote = await wt.post('push', { remote: 'nowhere' });
    assert.equal(unknownRemote.status, 400);
    const noRemote = await newReviewWorktree(grove, 'lonely');
    assert.equal(errorCode((await noRemote.post('push', {})).body), 'no-remote');
  });

  test('a pull request runs gh pr create with the right arguments and is kept on the worktree', async () => {
    const wt = await newReviewWorktree(grove, 'pr-branch');
    addBareOrigin(wt.repo);
    commitFile(wt.worktree.path, 'a.txt', 'a\n');
    const info = await grove.api.get('/api/github-cli');
    assert.equal(info.body.found, true);
    assert.equal(info.body.version, '2.99.0');

    const response = await grove.api.post<PullRequestResult>(
      `/api/worktrees/${wt.worktree.id}/pull-request`,
      { title: 'Add a', body: 'Adds "a".\n\nSecond line', draft: true },
    );
    assert.equal(response.status, 201, JSON.stringify(response.body));
    assert.deepEqual(response.body, { url: 'https://github.com/acme/widgets/pull/42', number: 42 });
    const call = (await ghCalls()).find((item) => item.args[0] === 'pr');
    assert.deepEqual(call?.args, [
      'pr',
      'create',
      '--title',
      'Add a',
      '--body',
      'Adds "a".\n\nSecond line',
      '--head',
      'pr-branch',
      '--base',
      'main',
      '--draft',
    ]);
    assert.equal(call?.cwd, wt.worktree.path);
    // It was pushed first, so GitHub has the branch.
    assert.equal((await wt.status()).upstream, 'origin/pr-branch');
    const stored = (await grove.api.get<Worktree>(`/api/worktrees/${wt.worktree.id}`)).body;
    assert.equal(stored.pr_url, 'https://github.com/acme/widgets/pull/42');
    assert.equal(stored.pr_number, 42);
    const event = await grove.events.waitFor(
      (frame) =>
        frame.event === 'worktree-updated' &&
        frame.data.worktree_id === wt.worktree.id &&
        frame.data.updates.pr_number === 42,
    );
    assert.ok(event);
  });

  test('gh logged out or missing: 409 with a clear message and the GitHub compare URL', async () => {
    const wt = await newReviewWorktree(grove, 'no-gh');
    gitIn(wt.repo, 'remote', 'add', 'origin', 'git@github.com:acme/widgets.git');
    commitFile(wt.worktree.path, 'a.txt', 'a\n');
    gitIn(wt.worktree.path, 'update-ref', 'refs/remotes/origin/no-gh', 'HEAD');
    gitIn(wt.worktree.path, 'branch', '-q', '--set-upstream-to=origin/no-gh');
    const url = `/api/worktrees/${wt.worktree.id}/pull-request`;
    await writeFile(ghMode, 'logged-out');
    try {
      const loggedOut = await grove.api.post(url, { title: 'x' });
      assert.equal(loggedOut.status, 409, JSON.stringify(loggedOut.body));
      assert.equal(errorCode(loggedOut.body), 'gh-not-authenticated');
      assert.match(
        loggedOut.body.error.message,
        /gh auth login.*https:\/\/github\.com\/acme\/widgets\/compare\/main\.\.\.no-gh\?expand=1/s,
      );
    } finally {
      await writeFile(ghMode, 'ok');
    }
    const patched = await grove.api.patch('/api/preferences', { gh_path: '/nonexistent/gh' });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    try {
      const missing = await grove.api.post(url, { title: 'x' });
      assert.equal(missing.status, 409);
      assert.equal(errorCode(missing.body), 'gh-not-found');
      assert.match(missing.body.error.message, /github\.com\/acme\/widgets\/compare/);
    } finally {
      await grove.api.patch('/api/preferences', { gh_path: null });
    }
    assert.equal((await grove.api.post(url, { title: '' })).status, 400);
  });

  test('git-status-updated follows Grove’s own operations and edits made outside Grove', async () => {
    const wt = await newReviewWorktree(grove, 'watched');
    await wt.get('status?watch=true');
    const changed = (predicate: (files: string[]) => boolean) => {
      const since = grove.events.frames.at(-1)?.seq ?? 0;
      return grove.events.waitFor(
        (frame) =>
          frame.seq > since &&
          frame.event === 'git-status-updated' &&
          frame.data.worktree_id === wt.worktree.id &&
          predicate(frame.data.status.files.map((file) => file.path)),
        15_000,
      );
    };
    // An editor writes a file: seen by the watcher while a client is connected.
    await writeFile(path.join(wt.worktree.path, 'outside.txt'), 'edited elsewhere\n');
    await changed((files) => files.includes('outside.txt'));
    // Grove's own commit publishes the clean status.
    const clean = changed((files) => files.length === 0);
    const committed = await wt.post('commit', { message: 'commit it' });
    assert.equal(committed.status, 201);
    const cleanFrame = await clean;
    assert.ok(cleanFrame.event === 'git-status-updated' && cleanFrame.data.status.ahead === 1);
  });
});
