// grove.json scripts in real PTYs: setup after a worktree is created, run on demand, teardown
// before removal; project overrides; a broken grove.json is reported, never a crash.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Project, ProjectScripts, Terminal, Worktree } from '../contract/index.js';
import { commitFile } from '../test-support/git.js';
import { errorCode } from '../test-support/http.js';
import { processesIn } from '../test-support/processes.js';
import { useReposServer } from '../test-support/repos-server.js';
import { TerminalSocket } from '../test-support/terminal-socket.js';

describe('grove.json scripts', () => {
  const grove = useReposServer();

  /** A project whose repository commits `config` as grove.json. */
  async function projectWith(config: unknown): Promise<{ repo: string; project: Project }> {
    const { repo, project } = await grove.newProject();
    const text = typeof config === 'string' ? config : JSON.stringify(config);
    commitFile(repo, 'grove.json', text);
    return { repo, project };
  }

  async function create(project: Project, name: string): Promise<Worktree> {
    const created = await grove.createWorktree(project, { name });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return created.body as Worktree;
  }

  /** The worktree once its setup has finished, as the API reports it. */
  async function finishedSetup(worktree: Worktree): Promise<Worktree> {
    await grove.events.waitFor(
      (frame) =>
        frame.event === 'worktree-updated' &&
        frame.data.worktree_id === worktree.id &&
        frame.data.updates.setup !== undefined &&
        frame.data.updates.setup.status !== 'running',
      30_000,
    );
    return (await grove.api.get<Worktree>(`/api/worktrees/${worktree.id}`)).body;
  }

  test('setup runs in a setup terminal right after creation, with the GROVE_ environment, and its status is recorded', async () => {
    const { repo, project } = await projectWith({
      scripts: {
        setup: [
          'echo "$GROVE_WORKTREE_PATH|$GROVE_ROOT_PATH|$GROVE_BRANCH|$GROVE_PORT" > setup-ran.txt',
          'echo setup-done',
        ],
      },
    });
    const worktree = await create(project, 'with-setup');
    assert.equal(worktree.setup?.status, 'running');
    const [terminal] = (await grove.api.get<Terminal[]>(`/api/worktrees/${worktree.id}/terminals`))
      .body;
    assert.equal(terminal?.kind, 'setup');
    const done = await finishedSetup(worktree);
    assert.equal(done.setup?.status, 'succeeded');
    assert.equal(done.setup.exit_code, 0);
    assert.ok(typeof done.setup.finished_at === 'number');
    const written = (await readFile(path.join(worktree.path, 'setup-ran.txt'), 'utf8')).trim();
    const [wtPath, rootPath, branch, port] = written.split('|');
    assert.deepEqual([wtPath, rootPath, branch], [worktree.path, repo, 'with-setup']);
    assert.ok(Number(port) > 0, `GROVE_PORT is a port: ${port}`);
    // Its output can still be read by a client attaching afterwards.
    const client = await TerminalSocket.open(grove.api, terminal.id);
    await client.waitForText(/^setup-done$/m);
    await client.close();

    const other = await create(project, 'other-port');
    await finishedSetup(other);
    const otherPort = (await readFile(path.join(other.path, 'setup-ran.txt'), 'utf8')).split(
      '|',
    )[3];
    assert.notEqual(otherPort?.trim(), port, 'each worktree has its own GROVE_PORT');
  });

  test('a failing setup is recorded as failed and leaves the worktree usable', async () => {
    const { project } = await projectWith({ scripts: { setup: 'echo broken >&2; exit 3' } });
    const worktree = await create(project, 'bad-setup');
    const done = await finishedSetup(worktree);
    assert.equal(done.setup?.status, 'failed');
    assert.equal(done.setup.exit_code, 3);
    const shell = await grove.api.post<Terminal>(`/api/worktrees/${worktree.id}/terminals`, {});
    assert.equal(shell.status, 201);
    const session = await grove.api.post(`/api/worktrees/${worktree.id}/sessions`, {});
    assert.equal(session.status, 201, JSON.stringify(session.body));
    assert.equal((await grove.api.delete(`/api/worktrees/${worktree.id}`)).status, 204);
  });

  test('a failing teardown refuses removal unless ?force=true; a good one runs before removal', async () => {
    const { repo, project } = await projectWith({
      scripts: {
        teardown:
          'echo "teardown of $GROVE_BRANCH" > "$GROVE_ROOT_PATH/../torn-$GROVE_BRANCH"; test ! -e keep-me',
      },
    });
    const kept = await create(project, 'keeps');
    await writeFile(path.join(kept.path, 'keep-me'), '');
    // Ignored by git so the worktree is not dirty: only the teardown stands in the way.
    await writeFile(path.join(kept.path, '.gitignore'), 'keep-me\n.gitignore\n');
    const refused = await grove.api.delete(`/api/worktrees/${kept.id}`);
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    assert.equal(errorCode(refused.body), 'teardown-failed');
    assert.match(refused.body.error.message, /force=true/);
    assert.ok(existsSync(kept.path), 'the worktree is kept');
    assert.equal((await grove.api.get(`/api/worktrees/${kept.id}`)).status, 200);
    const teardown = (await grove.api.get<Terminal[]>(`/api/worktrees/${kept.id}/terminals`)).body;
    assert.deepEqual(
      teardown.map((item) => [item.kind, item.status, item.exit_code]),
      [['teardown', 'exited', 1]],
      'its terminal stays to be read',
    );
    const forced = await grove.api.delete(`/api/worktrees/${kept.id}?force=true`);
    assert.equal(forced.status, 204);
    assert.equal(existsSync(kept.path), false);

    const clean = await create(project, 'clean-teardown');
    assert.equal((await grove.api.delete(`/api/worktrees/${clean.id}`)).status, 204);
    const note = await readFile(path.join(path.dirname(repo), 'torn-clean-teardown'), 'utf8');
    assert.equal(note.trim(), 'teardown of clean-teardown');
  });

  test('run starts and stops on demand; project settings override grove.json', async () => {
    const { project } = await projectWith({ scripts: { run: 'echo from-file' } });
    const worktree = await create(project, 'runner');
    const patched = await grove.api.patch<ProjectScripts>(`/api/projects/${project.id}/scripts`, {
      run: ['echo "serving on $GROVE_PORT"', 'sleep 4646'],
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.deepEqual(patched.body.file, { run: 'echo from-file' });
    assert.deepEqual(patched.body.effective.run, ['echo "serving on $GROVE_PORT"', 'sleep 4646']);

    const started = await grove.api.post<Terminal>(`/api/worktrees/${worktree.id}/run`, {});
    assert.equal(started.status, 201, JSON.stringify(started.body));
    assert.equal(started.body.kind, 'run');
    const again = await grove.api.post<Terminal>(`/api/worktrees/${worktree.id}/run`);
    assert.equal(again.body.id, started.body.id, 'a running run script is handed back');
    const client = await TerminalSocket.open(grove.api, started.body.id);
    await client.waitForText(/serving on \d+/);
    const stopped = await grove.api.post<Terminal>(`/api/worktrees/${worktree.id}/run/stop`);
    assert.equal(stopped.status, 200);
    assert.equal(stopped.body.status, 'exited');
    assert.deepEqual(processesIn(worktree.path), []);
    await client.close();

    await grove.api.patch(`/api/projects/${project.id}/scripts`, { run: null });
    const fromFile = await grove.api.post<Terminal>(`/api/worktrees/${worktree.id}/terminals`, {
      kind: 'run',
    });
    assert.equal(fromFile.status, 201);
    const listed = (await grove.api.get<Terminal[]>(`/api/worktrees/${worktree.id}/terminals`))
      .body;
    assert.deepEqual(
      listed.map((item) => item.id),
      [fromFile.body.id],
      'the previous run terminal made way',
    );
    const fileClient = await TerminalSocket.open(grove.api, fromFile.body.id);
    await fileClient.waitForText(/^from-file$/m);
    await fileClient.close();
  });

  test('an invalid grove.json is reported on the project, and nothing breaks', async () => {
    const { project } = await projectWith('{"scripts": {"setup": "true"}, "colour": 1}');
    const scripts = await grove.api.get<ProjectScripts>(`/api/projects/${project.id}/scripts`);
    assert.equal(scripts.status, 200);
    assert.match(scripts.body.file_error ?? '', /grove\.json: colour: unknown key/);
    const worktree = await create(project, 'invalid-config');
    assert.equal(worktree.setup?.status, 'failed');
    assert.match(worktree.setup.error ?? '', /unknown key/);
    const run = await grove.api.post(`/api/worktrees/${worktree.id}/run`);
    assert.equal(run.status, 409);
    assert.equal(errorCode(run.body), 'no-script');

    const { project: notJson } = await projectWith('{ not json');
    const broken = await grove.api.get<ProjectScripts>(`/api/projects/${notJson.id}/scripts`);
    assert.match(broken.body.file_error ?? '', /not valid JSON/);
    const { project: none } = await grove.newProject();
    const noRun = await grove.api.post(
      `/api/worktrees/${(await create(none, 'no-config')).id}/run`,
    );
    assert.equal(errorCode(noRun.body), 'no-script');
    assert.match(noRun.body.error.message, /grove\.json/);
  });
});
