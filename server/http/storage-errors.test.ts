import assert from 'node:assert/strict';
import { readdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { StorageWriteError } from '../store/durable-file.js';
import { TINY_PNG, uploadAttachment } from '../test-support/attachments.js';
import {
  makeRepo,
  removeDir,
  startTestServer,
  type ApiClient,
  type TestServer,
} from '../test-support/harness.js';
import { mountTinyDisk, SKIP_WITHOUT_MOUNT } from '../test-support/tiny-disk.js';
import { fromStorageError, statusOf } from './errors.js';

type Json = Record<string, any>;

/** A project over a fresh repository, the CLIs pointed nowhere so no real agent ever runs. */
async function projectWithSession(api: ApiClient): Promise<{ project: Json; session: Json }> {
  const project = await api.post('/api/projects', { path: await makeRepo() });
  assert.equal(project.status, 201, JSON.stringify(project.body));
  const missing = '/nonexistent/grove-test-cli';
  const preferences = await api.patch('/api/preferences', {
    cli_paths: { claude: missing, codex: missing, opencode: missing },
  });
  assert.equal(preferences.status, 200, JSON.stringify(preferences.body));
  const worktrees = await api.get(`/api/projects/${project.body.id}/worktrees`);
  const session = await api.post(`/api/worktrees/${worktrees.body[0].id}/sessions`, {});
  assert.equal(session.status, 201, JSON.stringify(session.body));
  return { project: project.body, session: session.body };
}

function assertStorageError(
  response: { status: number; body: Json },
  code: 'storage-full' | 'storage-unavailable',
  words: RegExp,
): void {
  assert.equal(response.status, code === 'storage-full' ? 507 : 503, JSON.stringify(response.body));
  assert.equal(response.body.error.code, code);
  assert.match(response.body.error.message, /^Nothing was saved: /);
  assert.match(response.body.error.message, words);
}

async function waitUntilIdle(api: ApiClient, sessionId: string): Promise<Json> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const session = await api.get(`/api/sessions/${sessionId}`);
    if (session.body.status !== 'running') return session.body;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`session ${sessionId} kept running`);
}

/** Every temp file left in the data dir: a failed write must not leave any holding space. */
async function tempFiles(dataDir: string): Promise<string[]> {
  const names = [...(await readdir(dataDir)), ...(await readdir(path.join(dataDir, 'sessions')))];
  return names.filter((name) => name.endsWith('.tmp'));
}

describe('storage failures over HTTP: a clear error, nothing half-saved', () => {
  const servers: TestServer[] = [];
  const dirs: string[] = [];
  after(async () => {
    for (const server of servers) await server.close().catch(() => undefined);
    await Promise.all(dirs.map(removeDir));
  });
  async function start(dataDir?: string): Promise<TestServer> {
    const server = await startTestServer(dataDir ? { dataDir } : {});
    servers.push(server);
    if (!dataDir) dirs.push(server.dataDir);
    return server;
  }

  test('a chat message whose transcript cannot be written: 507, not stored, no run; retry and restart agree', async () => {
    let t = await start();
    const { session } = await projectWithSession(t.api);
    const messagesUrl = `/api/sessions/${session.id}/messages`;
    assert.deepEqual((await t.api.get(messagesUrl)).body.messages, []);

    // A real ENOSPC from the kernel: the transcript's path leads to /dev/full.
    const transcript = path.join(t.dataDir, 'transcripts', `${session.id}.jsonl`);
    await symlink('/dev/full', transcript);
    const failed = await t.api.post(messagesUrl, { content: 'never stored' });
    assertStorageError(failed, 'storage-full', /disk .* is full/);
    assert.deepEqual((await t.api.get(messagesUrl)).body.messages, []);
    const unchanged = await t.api.get(`/api/sessions/${session.id}`);
    assert.equal(unchanged.body.status, 'idle', 'no run was started');
    assert.equal(unchanged.body.message_count, 0);

    await rm(transcript);
    const retried = await t.api.post(messagesUrl, { content: 'stored' });
    assert.equal(retried.status, 202, JSON.stringify(retried.body));
    const settled = await waitUntilIdle(t.api, session.id);

    await t.close();
    t = await start(t.dataDir);
    const messages: Json[] = (await t.api.get(messagesUrl)).body.messages;
    assert.equal(messages.length, settled.message_count);
    assert.equal(messages[0]?.parts[0]?.text, 'stored');
    assert.ok(!JSON.stringify(messages).includes('never stored'));
  });

  test('a session change that cannot be saved: 503, the old state is served; retry and restart agree', async () => {
    let t = await start();
    const { session } = await projectWithSession(t.api);
    const sessionUrl = `/api/sessions/${session.id}`;
    const sessionsDir = path.join(t.dataDir, 'sessions');
    await rename(sessionsDir, `${sessionsDir}-away`);

    const failed = await t.api.patch(sessionUrl, { name: 'renamed' });
    assertStorageError(failed, 'storage-unavailable', /data folder is missing/);
    assert.equal((await t.api.get(sessionUrl)).body.name, session.name);

    await rename(`${sessionsDir}-away`, sessionsDir);
    const retried = await t.api.patch(sessionUrl, { name: 'renamed' });
    assert.equal(retried.status, 200, JSON.stringify(retried.body));

    await t.close();
    t = await start(t.dataDir);
    assert.equal((await t.api.get(sessionUrl)).body.name, 'renamed');
  });

  test('a full disk (507) and a read-only one (503): old state served, no temp files left, restart agrees', async (context) => {
    const disk = await mountTinyDisk(1024);
    if (!disk) return context.skip(SKIP_WITHOUT_MOUNT);
    let t: TestServer | null = null;
    try {
      t = await startTestServer({ dataDir: disk.dir });
      const { project, session } = await projectWithSession(t.api);
      const sessionUrl = `/api/sessions/${session.id}`;
      const projectUrl = `/api/projects/${project.id}`;
      const secondRepo = await makeRepo();
      await disk.fill();

      const newProject = await t.api.post('/api/projects', { path: secondRepo });
      assertStorageError(newProject, 'storage-full', /disk .* is full/);
      // A session write appends one line to the shard's log, which may still fit in the log's
      // last block: the first one that needs a new block is refused.
      let savedName = session.name;
      let renamed = await t.api.patch(sessionUrl, { name: 'renamed 0' });
      for (let attempt = 1; renamed.status === 200 && attempt < 20; attempt++) {
        savedName = `renamed ${attempt - 1}`;
        renamed = await t.api.patch(sessionUrl, { name: `renamed ${attempt}` });
      }
      assertStorageError(renamed, 'storage-full', /Free some space/);
      assert.deepEqual(
        (await t.api.get('/api/projects')).body.map((item: Json) => item.id),
        [project.id],
      );
      assert.equal((await t.api.get(sessionUrl)).body.name, savedName);
      assert.deepEqual(await tempFiles(disk.dir), []);

      await disk.free();
      const created = await t.api.post('/api/projects', { path: secondRepo });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal((await t.api.patch(sessionUrl, { name: 'renamed' })).status, 200);

      disk.setReadOnly(true);
      try {
        const readOnly = await t.api.patch(projectUrl, { name: 'never saved' });
        assertStorageError(readOnly, 'storage-unavailable', /read-only/);
        assert.equal((await t.api.get(projectUrl)).body.name, project.name);
      } finally {
        disk.setReadOnly(false);
      }

      await t.close();
      t = await startTestServer({ dataDir: disk.dir });
      assert.deepEqual(
        (await t.api.get('/api/projects')).body.map((item: Json) => item.id),
        [project.id, created.body.id],
      );
      assert.equal((await t.api.get(projectUrl)).body.name, project.name);
      assert.equal((await t.api.get(sessionUrl)).body.name, 'renamed');
    } finally {
      await t?.close();
      await disk.unmount();
    }
  });

  test('an attachment that cannot be written: 503, nothing kept; retry and copy agree', async () => {
    const t = await start();
    const { session } = await projectWithSession(t.api);
    const other = await t.api.post(`/api/worktrees/${session.worktree_id}/sessions`, {});
    // A file where the attachments folder belongs: no folder can be made under it.
    const root = path.join(t.dataDir, 'attachments');
    await writeFile(root, '');
    const failed = await uploadAttachment(t.api, session.id, 'a.png', TINY_PNG);
    assertStorageError(failed, 'storage-unavailable', /ENOTDIR/);
    await rm(root);

    const sent = await uploadAttachment(t.api, session.id, 'a.png', TINY_PNG);
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    await writeFile(path.join(root, other.body.id), '');
    const copyUrl = `/api/sessions/${other.body.id}/attachments/copy`;
    const copy = { from_session_id: session.id, attachment_id: sent.body.id };
    assertStorageError(await t.api.post(copyUrl, copy), 'storage-unavailable', /EEXIST|ENOTDIR/);
    await rm(path.join(root, other.body.id));
    assert.equal((await t.api.post(copyUrl, copy)).status, 201);
    assert.deepEqual(
      (await readdir(path.join(root, other.body.id))).sort(),
      [sent.body.id, `${sent.body.id}.json`],
      'the copy leaves nothing beside the file and its description',
    );
  });

  test('every storage error code maps to 507 or 503 with a plain sentence, never 500', () => {
    const expected: Record<string, [string, RegExp]> = {
      ENOSPC: ['storage-full', /disk .* is full/],
      EDQUOT: ['storage-full', /quota/],
      EROFS: ['storage-unavailable', /read-only/],
      EIO: ['storage-unavailable', /input\/output error/],
      EACCES: ['storage-unavailable', /no permission/],
      EPERM: ['storage-unavailable', /no permission/],
      ENOENT: ['storage-unavailable', /missing/],
      EMFILE: ['storage-unavailable', /failed \(EMFILE\)/],
    };
    for (const [code, [apiCode, words]] of Object.entries(expected)) {
      const cause = Object.assign(new Error(`${code}: failed`), { code });
      const error = fromStorageError(new StorageWriteError('/data/catalog.json', cause));
      assert.equal(error.code, apiCode, code);
      assert.equal(statusOf(error), apiCode === 'storage-full' ? 507 : 503, code);
      assert.match(error.message, /^Nothing was saved: /, code);
      assert.match(error.message, words, code);
    }
  });
});
