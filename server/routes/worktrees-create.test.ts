// Creating worktrees: names, branches and folders, chosen or generated.
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { generateWorktreeName } from '../services/worktree-names.js';
import { commitFile, gitIn, gitWithInput, worktreePaths } from '../test-support/git.js';
import { useReposServer } from '../test-support/repos-server.js';

describe('worktrees over real git repositories', () => {
  const grove = useReposServer();

  test('POST with nothing: a generated name, a branch of that name off the current branch, a folder beside the repo', async () => {
    const { repo, project } = await grove.newProject();
    const response = await grove.createWorktree(project);
    assert.equal(response.status, 201, JSON.stringify(response.body));
    const worktree = response.body;
    assert.match(worktree.name, /^[a-z]+-[a-z]+$/);
    assert.equal(worktree.branch, worktree.name);
    assert.equal(worktree.base_branch, 'main');
    assert.equal(worktree.kind, 'worktree');
    assert.equal(worktree.project_id, project.id);
    assert.equal(worktree.archived_at, null);
    assert.equal(worktree.path, path.join(path.dirname(repo), 'repo-worktrees', worktree.name));
    assert.ok(!worktree.path.startsWith(`${repo}${path.sep}`), 'outside the repository');
    assert.ok(worktreePaths(repo).includes(worktree.path), 'git worktree list shows it');
    assert.equal(gitIn(worktree.path, 'rev-parse', '--abbrev-ref', 'HEAD'), worktree.branch);
    assert.equal(gitIn(worktree.path, 'rev-parse', 'HEAD'), gitIn(repo, 'rev-parse', 'main'));
    const event = await grove.events.waitFor(
      (frame) => frame.event === 'worktree-created' && frame.data.worktree.id === worktree.id,
    );
    assert.deepEqual(event.data, { worktree });
  });

  test('POST with name, branch and base_branch', async () => {
    const { repo, project } = await grove.newProject();
    gitIn(repo, 'checkout', '-q', '-b', 'develop');
    const developHead = commitFile(repo, 'dev.txt', 'dev\n');
    gitIn(repo, 'checkout', '-q', 'main');
    const response = await grove.createWorktree(project, {
      name: 'Feature One',
      branch: 'feat/one',
      base_branch: 'develop',
    });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    const worktree = response.body;
    assert.equal(worktree.name, 'Feature One');
    assert.equal(worktree.branch, 'feat/one');
    assert.equal(worktree.base_branch, 'develop');
    assert.equal(
      path.basename(worktree.path),
      'feature-one',
      'the folder is a safe slug of the name',
    );
    assert.equal(gitIn(worktree.path, 'rev-parse', 'HEAD'), developHead);
    assert.equal(await readFile(path.join(worktree.path, 'dev.txt'), 'utf8'), 'dev\n');
  });

  test('a generated name avoids branches and folders that already exist', async () => {
    const { repo, project } = await grove.newProject();
    // Enumerate every name the generator can make, then take all but one as branches.
    const all: string[] = [];
    for (;;) {
      const name = generateWorktreeName((candidate) => all.includes(candidate));
      if (name.endsWith('-2')) break;
      all.push(name);
    }
    assert.equal(all.length, 400);
    const [free, asFolder, ...asBranches] = all;
    const head = gitIn(repo, 'rev-parse', 'HEAD');
    gitWithInput(
      repo,
      asBranches.map((name) => `create refs/heads/${name} ${head}\n`).join(''),
      'update-ref',
      '--stdin',
    );
    await mkdir(path.join(path.dirname(repo), 'repo-worktrees', asFolder ?? ''), {
      recursive: true,
    });
    const response = await grove.createWorktree(project);
    assert.equal(response.status, 201, JSON.stringify(response.body));
    assert.equal(response.body.name, free);
  });

  test('concurrent creations in one project all succeed with distinct names', async () => {
    const { repo, project } = await grove.newProject();
    const responses = await Promise.all([1, 2, 3].map(() => grove.createWorktree(project)));
    assert.deepEqual(
      responses.map((response) => response.status),
      [201, 201, 201],
      JSON.stringify(responses.map((r) => r.body)),
    );
    assert.equal(new Set(responses.map((response) => response.body.name)).size, 3);
    assert.equal(worktreePaths(repo).length, 4);
  });
});
