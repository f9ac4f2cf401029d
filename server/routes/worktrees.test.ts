import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Project, Worktree } from '../contract/index.js';
import { generateWorktreeName } from '../services/worktree-names.js';
import {
  EventRecorder,
  makeRepo,
  removeDir,
  startTestServer,
  type ApiResponse,
  type TestServer,
} from '../test-support/harness.js';
import {
  branchExistsIn,
  catalogBytes,
  commitFile,
  gitIn,
  gitWithInput,
  worktreePaths,
} from '../test-support/git.js';
import { errorCode } from '../test-support/http.js';

describe('worktrees over real git repositories', () => {
  let t: TestServer;
  let events: EventRecorder;
  const dirs: string[] = [];
  /** For tests that only add and remove their own worktrees: saves a repository each. */
  let shared: { repo: string; project: Project };
  before(async () => {
    t = await startTestServer();
    events = await EventRecorder.connect(t.server);
    shared = await newProject();
  });
  after(async () => {
    events.close();
    await t.close();
    await Promise.all([t.dataDir, ...dirs].map(removeDir));
  });

  /** A fresh repository registered as a project. */
  async function newProject(): Promise<{ repo: string; project: Project }> {
    const repo = await makeRepo();
    dirs.push(path.dirname(repo));
    const response = await t.api.post<Project>('/api/projects', { path: repo });
    assert.equal(response.status, 201);
    return { repo: response.body.path, project: response.body };
  }

  /** The body is a Worktree on success and an error envelope otherwise; tests check which. */
  const createWorktree = (project: Project, body: object = {}) =>
    t.api.post(`/api/projects/${project.id}/worktrees`, body);

  test('POST with nothing: a generated name, a branch of that name off the current branch, a folder beside the repo', async () => {
    const { repo, project } = await newProject();
    const response = await createWorktree(project);
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
    const event = await events.waitFor(
      (frame) => frame.event === 'worktree-created' && frame.data.worktree.id === worktree.id,
    );
    assert.deepEqual(event.data, { worktree });
  });

  test('POST with name, branch and base_branch', async () => {
    const { repo, project } = await newProject();
    gitIn(repo, 'checkout', '-q', '-b', 'develop');
    const developHead = commitFile(repo, 'dev.txt', 'dev\n');
    gitIn(repo, 'checkout', '-q', 'main');
    const response = await createWorktree(project, {
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

  test('a branch that exists (or clashes) is 409 branch-exists with a free suggestion; nothing is created', async () => {
    const { repo, project } = await newProject();
    gitIn(repo, 'branch', 'taken');
    gitIn(repo, 'branch', 'taken-2');
    gitIn(repo, 'branch', 'group/inner');
    const catalog = await catalogBytes(t.dataDir);
    const worktreesBefore = worktreePaths(repo);
    for (const [body, suggestion] of [
      [{ branch: 'main' }, 'main-2'],
      [{ branch: 'taken' }, 'taken-3'],
      [{ name: 'taken' }, 'taken-3'],
      [{ branch: 'group' }, 'group-2'],
      [{ branch: 'main/sub' }, 'main-sub-2'],
    ] as const) {
      const response = await createWorktree(project, body);
      assert.equal(response.status, 409, JSON.stringify(body));
      assert.equal(errorCode(response.body), 'branch-exists');
      assert.equal(response.body.error.field, 'branch');
      assert.match(response.body.error.message, new RegExp(`"${suggestion}"`));
    }
    assert.equal(await catalogBytes(t.dataDir), catalog);
    assert.deepEqual(worktreePaths(repo), worktreesBefore);
  });

  test('a folder already in use is 409 path-in-use with a suggestion; the folder is left alone', async () => {
    const { repo, project } = await newProject();
    const folder = path.join(path.dirname(repo), 'repo-worktrees', 'busy');
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'mine.txt'), 'not yours');
    const catalog = await catalogBytes(t.dataDir);
    const response = await createWorktree(project, { name: 'busy' });
    assert.equal(response.status, 409);
    assert.equal(errorCode(response.body), 'path-in-use');
    assert.match(response.body.error.message, /"busy-2"/);
    assert.equal(await readFile(path.join(folder, 'mine.txt'), 'utf8'), 'not yours');
    assert.equal(branchExistsIn(repo, 'busy'), false);
    assert.equal(await catalogBytes(t.dataDir), catalog);
  });

  test('a base branch that does not exist, or a branch git refuses, is 400 naming the field', async () => {
    const { repo, project } = await newProject();
    const catalog = await catalogBytes(t.dataDir);
    for (const [body, field] of [
      [{ base_branch: 'nope' }, 'base_branch'],
      [{ branch: 'a/.hidden' }, 'branch'],
      [{ name: 'x..y' }, 'name'],
    ] as const) {
      const response = await createWorktree(project, body);
      assert.equal(response.status, 400, JSON.stringify(response.body));
      assert.equal(errorCode(response.body), 'invalid-request');
      assert.equal(response.body.error.field, field);
    }
    assert.equal(await catalogBytes(t.dataDir), catalog);
    assert.deepEqual(worktreePaths(repo), [repo]);
  });

  test('a generated name avoids branches and folders that already exist', async () => {
    const { repo, project } = await newProject();
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
    const response = await createWorktree(project);
    assert.equal(response.status, 201, JSON.stringify(response.body));
    assert.equal(response.body.name, free);
  });

  test('concurrent creations in one project all succeed with distinct names', async () => {
    const { repo, project } = await newProject();
    const responses = await Promise.all([1, 2, 3].map(() => createWorktree(project)));
    assert.deepEqual(
      responses.map((response) => response.status),
      [201, 201, 201],
      JSON.stringify(responses.map((r) => r.body)),
    );
    assert.equal(new Set(responses.map((response) => response.body.name)).size, 3);
    assert.equal(worktreePaths(repo).length, 4);
  });

  test('GET has a cheap git status: dirty, ahead and behind the base branch', async () => {
    const { repo, project } = await newProject();
    const { body: worktree } = await createWorktree(project, { name: 'status' });
    const status = async () => {
      const response = await t.api.get<Worktree>(`/api/worktrees/${worktree.id}`);
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
    const listed = (await t.api.get<Worktree[]>(`/api/projects/${project.id}/worktrees`)).body;
    assert.ok(listed.every((item) => item.status === undefined));
  });

  test('PATCH renames (name only; branch and folder stay), publishing the change', async () => {
    const { project } = shared;
    const { body: worktree } = await createWorktree(project, { name: 'before' });
    const response = await t.api.patch<Worktree>(`/api/worktrees/${worktree.id}`, {
      name: 'After',
    });
    assert.equal(response.status, 200);
    assert.equal(response.body.name, 'After');
    assert.equal(response.body.branch, worktree.branch);
    assert.equal(response.body.path, worktree.path);
    const event = await events.waitFor(
      (frame) => frame.event === 'worktree-updated' && frame.data.worktree_id === worktree.id,
    );
    assert.ok(event.event === 'worktree-updated');
    assert.equal(event.data.updates.name, 'After');
    assert.equal(event.data.updates.branch, undefined);
  });

  test('archive hides a worktree from lists (unless include_archived=true); unarchive restores it', async () => {
    const { project } = shared;
    const { body: worktree } = await createWorktree(project, { name: 'shelf' });
    const list = async (query = '') =>
      (await t.api.get<Worktree[]>(`/api/projects/${project.id}/worktrees${query}`)).body.map(
        (item) => item.id,
      );

    const archived = await t.api.post<Worktree>(`/api/worktrees/${worktree.id}/archive`);
    assert.equal(archived.status, 200);
    assert.equal(typeof archived.body.archived_at, 'number');
    await events.waitFor(
      (frame) => frame.event === 'worktree-archived' && frame.data.worktree_id === worktree.id,
    );
    assert.ok(!(await list()).includes(worktree.id));
    assert.ok((await list('?include_archived=true')).includes(worktree.id));
    assert.ok(!(await list('?include_archived=false')).includes(worktree.id));
    assert.ok(existsSync(worktree.path), 'files are kept');

    const again = await t.api.post<Worktree>(`/api/worktrees/${worktree.id}/archive`);
    assert.equal(
      again.body.archived_at,
      archived.body.archived_at,
      'archiving twice changes nothing',
    );

    const restored = await t.api.post<Worktree>(`/api/worktrees/${worktree.id}/unarchive`);
    assert.equal(restored.status, 200);
    assert.equal(restored.body.archived_at, null);
    await events.waitFor(
      (frame) => frame.event === 'worktree-unarchived' && frame.data.worktree_id === worktree.id,
    );
    assert.ok((await list()).includes(worktree.id));
  });

  test('DELETE of a clean worktree runs git worktree remove and keeps the branch', async () => {
    const { repo, project } = shared;
    const { body: worktree } = await createWorktree(project, { name: 'clean' });
    const response = await t.api.delete(`/api/worktrees/${worktree.id}`);
    assert.equal(response.status, 204);
    assert.equal(existsSync(worktree.path), false);
    assert.ok(!worktreePaths(repo).includes(worktree.path));
    assert.equal(branchExistsIn(repo, 'clean'), true, 'the branch is kept by default');
    assert.equal((await t.api.get(`/api/worktrees/${worktree.id}`)).status, 404);
    await events.waitFor(
      (frame) => frame.event === 'worktree-deleted' && frame.data.worktree_id === worktree.id,
    );
  });

  test('DELETE of a dirty worktree is 409 worktree-dirty and leaves everything; ?force=true removes it', async () => {
    const { repo, project } = shared;
    const { body: worktree } = await createWorktree(project, { name: 'dirty' });
    await writeFile(path.join(worktree.path, 'README.md'), 'my unsaved work\n');
    await writeFile(path.join(worktree.path, 'new.txt'), 'new file\n');
    const catalog = await catalogBytes(t.dataDir);

    for (const query of ['', '?force=false', '?delete_branch=true']) {
      const refused = await t.api.delete(`/api/worktrees/${worktree.id}${query}`);
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
    assert.equal(await catalogBytes(t.dataDir), catalog);
    assert.equal((await t.api.get(`/api/worktrees/${worktree.id}`)).status, 200);

    const forced = await t.api.delete(`/api/worktrees/${worktree.id}?force=true`);
    assert.equal(forced.status, 204);
    assert.equal(existsSync(worktree.path), false);
    assert.ok(!worktreePaths(repo).includes(worktree.path));
    assert.equal(branchExistsIn(repo, 'dirty'), true);
  });

  test('DELETE with ?delete_branch=true deletes the branch too', async () => {
    const { repo, project } = shared;
    const { body: worktree } = await createWorktree(project, { name: 'gone' });
    const response = await t.api.delete(`/api/worktrees/${worktree.id}?delete_branch=true`);
    assert.equal(response.status, 204);
    assert.equal(branchExistsIn(repo, 'gone'), false);
    assert.equal(existsSync(worktree.path), false);
  });

  test('DELETE of a worktree whose folder was removed by hand prunes it', async () => {
    const { repo, project } = shared;
    const { body: worktree } = await createWorktree(project, { name: 'vanished' });
    await removeDir(worktree.path);
    const response = await t.api.delete(`/api/worktrees/${worktree.id}`);
    assert.equal(response.status, 204);
    assert.ok(!worktreePaths(repo).includes(worktree.path));
  });

  test('the base worktree cannot be deleted', async () => {
    const { repo, project } = shared;
    const [base] = (await t.api.get<Worktree[]>(`/api/projects/${project.id}/worktrees`)).body;
    assert.ok(base);
    assert.equal(base.kind, 'base');
    for (const query of ['', '?force=true']) {
      const response: ApiResponse = await t.api.delete(`/api/worktrees/${base.id}${query}`);
      assert.equal(response.status, 409);
      assert.equal(errorCode(response.body), 'base-worktree');
    }
    assert.ok(existsSync(path.join(repo, 'README.md')));
    assert.equal((await t.api.get(`/api/worktrees/${base.id}`)).status, 200);
  });

  test('an unknown worktree id is 404 everywhere', async () => {
    const id = crypto.randomUUID();
    for (const response of [
      await t.api.get(`/api/worktrees/${id}`),
      await t.api.patch(`/api/worktrees/${id}`, { name: 'x' }),
      await t.api.post(`/api/worktrees/${id}/archive`),
      await t.api.post(`/api/worktrees/${id}/unarchive`),
      await t.api.delete(`/api/worktrees/${id}`),
    ]) {
      assert.equal(response.status, 404);
      assert.equal(errorCode(response.body), 'not-found');
    }
  });
});
