import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, realpath, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Project, Worktree } from '../contract/index.js';
import { useReposServer } from '../test-support/repos-server.js';
import { catalogBytes, gitIn, worktreePaths } from '../test-support/git.js';
import { errorCode } from '../test-support/http.js';

describe('projects over real git repositories', () => {
  const t = useReposServer();
  const { newRepo } = t;

  test('POST registers a repository: real path, folder name as default name, a base worktree, events', async () => {
    const repo = await newRepo();
    const link = path.join(path.dirname(repo), 'via-link');
    await symlink(repo, link);
    const created = await t.api.post<Project>('/api/projects', { path: `${link}/./` });
    assert.equal(created.status, 201);
    const project = created.body;
    assert.equal(project.path, await realpath(repo), 'symlinks and dots resolved');
    assert.equal(project.name, 'repo');
    assert.match(project.id, /^[0-9a-f-]{36}$/);
    assert.deepEqual(project.defaults, {
      backend: null,
      models: { claude: null, codex: null, opencode: null },
      thinking_level: null,
    });

    const listed = await t.api.get<Worktree[]>(`/api/projects/${project.id}/worktrees`);
    assert.equal(listed.status, 200);
    assert.equal(listed.body.length, 1);
    const base = listed.body[0];
    assert.equal(base?.kind, 'base');
    assert.equal(base.name, 'base');
    assert.equal(base.branch, 'main');
    assert.equal(base.path, project.path);
    assert.equal(base.base_branch, null);

    const createdEvent = await t.events.waitFor(
      (frame) => frame.event === 'project-created' && frame.data.project.id === project.id,
    );
    assert.deepEqual(createdEvent.data, { project });
    await t.events.waitFor(
      (frame) => frame.event === 'worktree-created' && frame.data.worktree.id === base.id,
    );

    assert.deepEqual((await t.api.get(`/api/projects/${project.id}`)).body, project);
    assert.ok(
      (await t.api.get<Project[]>('/api/projects')).body.some((item) => item.id === project.id),
    );
  });

  test('POST with an explicit name; a fresh repository without commits works too', async () => {
    const parent = await t.tempDir('grove-empty-');
    const repo = path.join(parent, 'empty');
    gitIn(parent, 'init', '-q', '-b', 'trunk', repo);
    const created = await t.api.post<Project>('/api/projects', {
      path: repo,
      name: '  My Empty  ',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.name, 'My Empty', 'trimmed');
    const [base] = (await t.api.get<Worktree[]>(`/api/projects/${created.body.id}/worktrees`)).body;
    assert.equal(base?.branch, 'trunk');
  });

  test('a folder that is not a git repository is 400 not-a-git-repo; a missing one 400 folder-not-found; neither stores anything', async () => {
    const plain = await t.tempDir('grove-plain-');
    await writeFile(path.join(plain, 'file.txt'), 'not a folder\n');
    const before = await catalogBytes(t.dataDir);
    const expected: [string, string][] = [
      [plain, 'not-a-git-repo'],
      [path.join(plain, 'missing'), 'folder-not-found'],
      [path.join(plain, 'file.txt'), 'folder-not-found'],
    ];
    for (const [candidate, code] of expected) {
      const response = await t.api.post('/api/projects', { path: candidate });
      assert.equal(response.status, 400, candidate);
      assert.equal(errorCode(response.body), code, candidate);
      assert.equal(response.body.error.field, 'path');
    }
    assert.match(
      (await t.api.post('/api/projects', { path: path.join(plain, 'missing') })).body.error.message,
      /was not found/,
    );
    assert.equal(await catalogBytes(t.dataDir), before);
  });

  test('"init": true runs git init in a plain folder and registers it; a missing folder is still folder-not-found', async () => {
    const plain = await t.tempDir('grove-init-');
    const missing = await t.api.post('/api/projects', {
      path: path.join(plain, 'nope'),
      init: true,
    });
    assert.equal(errorCode(missing.body), 'folder-not-found');
    assert.equal(existsSync(path.join(plain, 'nope')), false, 'nothing created');
    const created = await t.api.post<Project>('/api/projects', { path: plain, init: true });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.path, await realpath(plain));
    assert.equal(gitIn(plain, 'rev-parse', '--is-inside-work-tree'), 'true');
    const [base] = (await t.api.get<Worktree[]>(`/api/projects/${created.body.id}/worktrees`)).body;
    assert.equal(base?.kind, 'base');
  });

  test('GET …/branches lists local and remote-tracking branches, origin/HEAD left out', async () => {
    const origin = await newRepo();
    gitIn(origin, 'branch', 'release/1.0');
    const parent = await t.tempDir('grove-clone-');
    const clone = path.join(parent, 'clone');
    gitIn(parent, 'clone', '-q', origin, clone);
    gitIn(clone, 'branch', 'feature-x');
    const project = (await t.api.post<Project>('/api/projects', { path: clone })).body;
    const branches = await t.api.get(`/api/projects/${project.id}/branches`);
    assert.equal(branches.status, 200);
    assert.deepEqual(branches.body, {
      current: 'main',
      local: ['feature-x', 'main'],
      remote: ['origin/main', 'origin/release/1.0'],
    });
    const unknown = await t.api.get(`/api/projects/${crypto.randomUUID()}/branches`);
    assert.equal(unknown.status, 404);
  });

  test('registering the same repository again (also through a subfolder) is 409 already-exists', async () => {
    const repo = await newRepo();
    const first = await t.api.post<Project>('/api/projects', { path: repo });
    assert.equal(first.status, 201);
    await mkdir(path.join(repo, 'sub', 'dir'), { recursive: true });
    const before = await catalogBytes(t.dataDir);
    for (const again of [repo, `${repo}/`, path.join(repo, 'sub', 'dir')]) {
      const response = await t.api.post('/api/projects', { path: again });
      assert.equal(response.status, 409, again);
      assert.equal(errorCode(response.body), 'already-exists');
      assert.match(response.body.error.message, new RegExp(first.body.id));
    }
    assert.equal(await catalogBytes(t.dataDir), before);
  });

  test('concurrent registrations of one repository create exactly one project', async () => {
    const repo = await newRepo();
    const responses = await Promise.all(
      [1, 2, 3, 4].map(() => t.api.post('/api/projects', { path: repo })),
    );
    assert.deepEqual(responses.map((response) => response.status).sort(), [201, 409, 409, 409]);
    const projects = (await t.api.get<Project[]>('/api/projects')).body.filter(
      (item) => item.path === repo,
    );
    assert.equal(projects.length, 1);
  });

  test('PATCH renames and changes defaults (merged), publishes only what changed', async () => {
    const repo = await newRepo();
    const { body: project } = await t.api.post<Project>('/api/projects', { path: repo });
    const renamed = await t.api.patch<Project>(`/api/projects/${project.id}`, { name: 'Renamed' });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.name, 'Renamed');
    assert.equal(renamed.body.path, project.path);
    const event = await t.events.waitFor(
      (frame) => frame.event === 'project-updated' && frame.data.project_id === project.id,
    );
    assert.ok(event.event === 'project-updated');
    assert.equal(event.data.updates.name, 'Renamed');
    assert.equal(event.data.updates.path, undefined);

    const withDefaults = await t.api.patch<Project>(`/api/projects/${project.id}`, {
      defaults: { backend: 'codex', models: { codex: 'gpt-x' }, thinking_level: 'think' },
    });
    assert.equal(withDefaults.status, 200);
    assert.deepEqual(withDefaults.body.defaults, {
      backend: 'codex',
      models: { claude: null, codex: 'gpt-x', opencode: null },
      thinking_level: 'think',
    });
    const partial = await t.api.patch<Project>(`/api/projects/${project.id}`, {
      defaults: { models: { claude: 'opus' } },
    });
    assert.deepEqual(partial.body.defaults.models, {
      claude: 'opus',
      codex: 'gpt-x',
      opencode: null,
    });
    assert.equal(partial.body.defaults.backend, 'codex', 'untouched fields kept');
    const cleared = await t.api.patch<Project>(`/api/projects/${project.id}`, {
      defaults: { backend: null },
    });
    assert.equal(cleared.body.defaults.backend, null);
    assert.deepEqual((await t.api.get(`/api/projects/${project.id}`)).body, cleared.body);
  });

  test('DELETE unregisters the project and its worktree records; the repository and worktree folders stay', async () => {
    const repo = await newRepo();
    const { body: project } = await t.api.post<Project>('/api/projects', { path: repo });
    const worktree = await t.api.post<Worktree>(`/api/projects/${project.id}/worktrees`, {
      name: 'kept',
    });
    assert.equal(worktree.status, 201);
    const listing = async (dir: string) => (await readdir(dir)).sort();
    const before = {
      files: await listing(repo),
      readme: await readFile(path.join(repo, 'README.md'), 'utf8'),
      head: gitIn(repo, 'rev-parse', 'HEAD'),
      branches: gitIn(repo, 'branch', '--list'),
      worktrees: worktreePaths(repo),
    };

    const removed = await t.api.delete(`/api/projects/${project.id}`);
    assert.equal(removed.status, 204);
    assert.equal(removed.body, null);
    assert.equal((await t.api.get(`/api/projects/${project.id}`)).status, 404);
    assert.equal((await t.api.get(`/api/worktrees/${worktree.body.id}`)).status, 404);
    assert.equal((await t.api.get(`/api/projects/${project.id}/worktrees`)).status, 404);
    assert.ok(
      !(await t.api.get<Project[]>('/api/projects')).body.some((item) => item.id === project.id),
    );
    await t.events.waitFor(
      (frame) => frame.event === 'project-deleted' && frame.data.project_id === project.id,
    );

    assert.deepEqual(
      {
        files: await listing(repo),
        readme: await readFile(path.join(repo, 'README.md'), 'utf8'),
        head: gitIn(repo, 'rev-parse', 'HEAD'),
        branches: gitIn(repo, 'branch', '--list'),
        worktrees: worktreePaths(repo),
      },
      before,
    );
    assert.equal(gitIn(repo, 'status', '--porcelain'), '');
    assert.ok(existsSync(worktree.body.path), 'the worktree folder is not touched either');

    // It can be registered again afterwards.
    assert.equal((await t.api.post('/api/projects', { path: repo })).status, 201);
  });

  test('git variables inherited from a hook (GIT_DIR, GIT_WORK_TREE) do not redirect git', async () => {
    const repo = await newRepo();
    const decoy = await newRepo();
    gitIn(decoy, 'checkout', '-q', '-b', 'decoy-branch');
    const saved = { GIT_DIR: process.env.GIT_DIR, GIT_WORK_TREE: process.env.GIT_WORK_TREE };
    process.env.GIT_DIR = path.join(decoy, '.git');
    process.env.GIT_WORK_TREE = decoy;
    try {
      const created = await t.api.post<Project>('/api/projects', { path: repo });
      assert.equal(created.status, 201);
      assert.equal(created.body.path, repo);
      const worktree = await t.api.post<Worktree>(`/api/projects/${created.body.id}/worktrees`, {});
      assert.equal(worktree.status, 201, JSON.stringify(worktree.body));
      assert.equal(worktree.body.base_branch, 'main');
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    assert.ok(worktreePaths(repo).length === 2, 'the worktree went to the right repository');
    assert.deepEqual(worktreePaths(decoy), [decoy]);
  });

  test('an unknown project id is 404 for GET, PATCH and DELETE', async () => {
    const id = crypto.randomUUID();
    for (const response of [
      await t.api.get(`/api/projects/${id}`),
      await t.api.patch(`/api/projects/${id}`, { name: 'x' }),
      await t.api.delete(`/api/projects/${id}`),
      await t.api.get(`/api/projects/${id}/worktrees`),
      await t.api.post(`/api/projects/${id}/worktrees`, {}),
    ]) {
      assert.equal(response.status, 404);
      assert.equal(errorCode(response.body), 'not-found');
    }
  });

  test('projects survive a restart of the server on the same data dir', async () => {
    const repo = await newRepo();
    const { body: project } = await t.api.post<Project>('/api/projects', {
      path: repo,
      name: 'durable',
    });
    const all = (await t.api.get<Project[]>('/api/projects')).body;
    await t.restart();
    assert.deepEqual((await t.api.get<Project[]>('/api/projects')).body, all);
    assert.equal((await t.api.get<Project>(`/api/projects/${project.id}`)).body.name, 'durable');
  });
});
