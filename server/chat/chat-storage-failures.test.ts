import assert from 'node:assert/strict';
import { chmod, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import type { Session } from '../contract/index.js';
import {
  EventRecorder,
  makeRepo,
  removeDir,
  startTestServer,
  tempDir,
  type ApiClient,
  type TestServer,
} from '../test-support/harness.js';
import { storedSessions } from '../test-support/sessions-fixture.js';

type Json = Record<string, any>;

/**
 * A stand-in agent CLI that waits until its gate file exists, then fails: the test decides when
 * a run ends, and can break the disk while it is going.
 */
async function gatedCli(): Promise<{ cli: string; gate: string; dir: string }> {
  const dir = await tempDir('grove-gated-cli-');
  const gate = path.join(dir, 'gate');
  const cli = path.join(dir, 'agent');
  await writeFile(cli, `#!/bin/sh\nwhile [ ! -e '${gate}' ]; do sleep 0.05; done\nexit 1\n`);
  await chmod(cli, 0o755);
  return { cli, gate, dir };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting until ${what}`);
}

/** From the worktree's list, which (unlike GET /api/sessions/:id) never reads the transcript. */
async function sessionOf(api: ApiClient, worktreeId: string, sessionId: string): Promise<Session> {
  const { body } = await api.get<Session[]>(`/api/worktrees/${worktreeId}/sessions`);
  const session = body.find((item) => item.id === sessionId);
  assert.ok(session, `session ${sessionId} is listed`);
  return session;
}

async function messageTexts(api: ApiClient, sessionId: string): Promise<string[]> {
  const { body } = await api.get(`/api/sessions/${sessionId}/messages`);
  return (body.messages as Json[]).map((message) =>
    message.role === 'user' ? message.parts[0].text : `(${message.status})`,
  );
}

describe('chat on a failing disk: the session tells the truth', () => {
  const dirs: string[] = [];
  const servers: TestServer[] = [];
  after(async () => {
    for (const server of servers) await server.close().catch(() => undefined);
    await Promise.all(dirs.map(removeDir));
  });

  async function start(dataDir?: string, logs: string[] = []): Promise<TestServer> {
    const server = await startTestServer({
      ...(dataDir ? { dataDir } : {}),
      log: (line) => logs.push(line),
    });
    servers.push(server);
    if (!dataDir) dirs.push(server.dataDir);
    return server;
  }

  /** A server whose agent CLI is `cli`, with one session in a fresh repository's base worktree. */
  async function world(cli: string, logs: string[] = []) {
    const t = await start(undefined, logs);
    const repo = await makeRepo();
    dirs.push(path.dirname(repo));
    const project = await t.api.post('/api/projects', { path: repo });
    assert.equal(project.status, 201, JSON.stringify(project.body));
    await t.api.patch('/api/preferences', {
      cli_paths: { claude: cli, codex: cli, opencode: cli },
    });
    const worktrees = await t.api.get(`/api/projects/${project.body.id}/worktrees`);
    const worktreeId: string = worktrees.body[0].id;
    const session = await t.api.post(`/api/worktrees/${worktreeId}/sessions`, {});
    assert.equal(session.status, 201, JSON.stringify(session.body));
    const sessionId: string = session.body.id;
    const sessionsDir = path.join(t.dataDir, 'sessions');
    const transcript = path.join(t.dataDir, 'transcripts', `${sessionId}.jsonl`);
    return {
      t,
      sessionId,
      worktreeId,
      shard: path.join(sessionsDir, `${worktreeId}.json`),
      /** Sessions can no longer be saved (ENOENT): their folder is moved away. */
      breakSessions: () => rename(sessionsDir, `${sessionsDir}-away`),
      healSessions: () => rename(`${sessionsDir}-away`, sessionsDir),
      /** Appends to the transcript hit a full disk (ENOSPC): its path leads to /dev/full. */
      async breakTranscript() {
        await rename(transcript, `${transcript}.real`);
        await symlink('/dev/full', transcript);
      },
      async healTranscript() {
        await rm(transcript);
        await rename(`${transcript}.real`, transcript);
      },
    };
  }

  test('a run whose end cannot be saved shows error, not running forever; saved later, restart agrees', async () => {
    const { cli, gate, dir } = await gatedCli();
    dirs.push(dir);
    const w = await world(cli);
    const events = await EventRecorder.connect(w.t.server);
    const sent = await w.t.api.post(`/api/sessions/${w.sessionId}/messages`, { content: 'hi' });
    assert.equal(sent.status, 202, JSON.stringify(sent.body));
    assert.equal((await sessionOf(w.t.api, w.worktreeId, w.sessionId)).status, 'running');

    await w.breakTranscript();
    await w.breakSessions();
    await writeFile(gate, '');
    const ended = await until('the run is no longer shown running', async () => {
      const session = await sessionOf(w.t.api, w.worktreeId, w.sessionId);
      return session.status === 'running' ? undefined : session;
    });
    assert.equal(ended.status, 'error');
    await events.waitFor(
      (frame) =>
        frame.event === 'session-updated' &&
        (frame.data as Json).session_id === w.sessionId &&
        (frame.data as Json).updates.status === 'error',
    );
    events.close();

    // The next successful write of the session saves the status it showed.
    await w.healTranscript();
    await w.healSessions();
    const renamed = await w.t.api.patch(`/api/sessions/${w.sessionId}`, { name: 'renamed' });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    assert.equal(renamed.body.status, 'error');
    const onDisk = await storedSessions(w.t.dataDir, w.worktreeId);
    assert.equal(onDisk[0]?.status, 'error');

    await w.t.close();
    const restarted = await start(w.t.dataDir);
    assert.equal((await sessionOf(restarted.api, w.worktreeId, w.sessionId)).status, 'error');
  });

  test('a queued message that cannot be started stays queued, and runs after a restart', async () => {
    const { cli, gate, dir } = await gatedCli();
    dirs.push(dir);
    const logs: string[] = [];
    const w = await world(cli, logs);
    const url = `/api/sessions/${w.sessionId}/messages`;
    assert.equal((await w.t.api.post(url, { content: 'first' })).status, 202);
    const queued = await w.t.api.post(url, { content: 'second' });
    assert.equal(queued.status, 202, JSON.stringify(queued.body));
    assert.ok(queued.body.queued, 'queued behind the running one');

    await w.breakTranscript();
    await writeFile(gate, '');
    await until('the queued message was tried', async () =>
      logs.find((line) => line.includes('could not start a queued message')),
    );
    const session = await sessionOf(w.t.api, w.worktreeId, w.sessionId);
    assert.deepEqual(
      session.queue.map((item) => item.content),
      ['second'],
    );

    await w.healTranscript();
    await w.t.close();
    const restarted = await start(w.t.dataDir);
    // The first run's answer was never saved; the second run's is.
    const texts = await until('the queued message ran', async () => {
      const all = await messageTexts(restarted.api, w.sessionId);
      return all.length === 3 ? all : undefined;
    });
    assert.deepEqual(texts, ['first', 'second', '(error)']);
    assert.deepEqual((await sessionOf(restarted.api, w.worktreeId, w.sessionId)).queue, []);
  });

  test('a message whose session cannot be saved: 503, and neither stored nor shown', async () => {
    const w = await world('/nonexistent/grove-test-cli');
    const events = await EventRecorder.connect(w.t.server);
    await w.breakSessions();
    const failed = await w.t.api.post(`/api/sessions/${w.sessionId}/messages`, { content: 'x' });
    assert.equal(failed.status, 503, JSON.stringify(failed.body));
    assert.match(failed.body.error.message, /^Nothing was saved: /);
    assert.deepEqual(await messageTexts(w.t.api, w.sessionId), []);
    assert.equal((await sessionOf(w.t.api, w.worktreeId, w.sessionId)).status, 'idle');
    assert.deepEqual(events.events('message-created'), []);
    events.close();

    await w.healSessions();
    await w.t.close();
    const restarted = await start(w.t.dataDir);
    assert.deepEqual(await messageTexts(restarted.api, w.sessionId), []);
  });

  test('after a crash, a transcript on a full disk does not keep Grove from starting', async () => {
    const w = await world('/nonexistent/grove-test-cli');
    const other = await w.t.api.post(`/api/worktrees/${w.worktreeId}/sessions`, {});
    await w.t.close();
    // What a Grove that died mid-run leaves: both sessions saved as running.
    const shard = JSON.parse(await readFile(w.shard, 'utf8')) as { sessions: Session[] };
    for (const session of shard.sessions) session.status = 'running';
    await writeFile(w.shard, JSON.stringify(shard));
    // No message yet, so no transcript: appending to it will hit /dev/full.
    await symlink('/dev/full', path.join(w.t.dataDir, 'transcripts', `${w.sessionId}.jsonl`));

    const logs: string[] = [];
    const restarted = await start(w.t.dataDir, logs);
    assert.equal((await sessionOf(restarted.api, w.worktreeId, w.sessionId)).status, 'idle');
    assert.deepEqual(await messageTexts(restarted.api, other.body.id), ['(interrupted)']);
    assert.equal((await sessionOf(restarted.api, w.worktreeId, other.body.id)).status, 'idle');
    assert.ok(
      logs.some((line) => line.includes(`interrupted run of session ${w.sessionId}`)),
      logs.join('\n'),
    );
  });
});
