// Findings of the attack review (issue 15) that sit at the HTTP edge and the data dir: repeated
// identity headers, non-UTF-8 JSON, page headers, data-dir mode, and a catalog lost under data.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { chmod, mkdir, readdir, realpath, rm, stat } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { GroveError } from '../errors.js';
import { Store } from '../store/store.js';
import { startWorld, type SessionsWorld } from '../test-support/sessions-fixture.js';
import {
  makeRepo,
  removeDir,
  startTestServer,
  tempDir,
  type TestServer,
} from '../test-support/harness.js';
import { errorCode, rawRequest } from '../test-support/http.js';

/** Send `head` as is over a raw socket (http.request joins repeated headers itself). */
async function rawExchange(port: number, head: string): Promise<string> {
  const socket = net.connect(port, '127.0.0.1');
  await once(socket, 'connect');
  socket.end(head);
  let text = '';
  for await (const chunk of socket) text += String(chunk);
  return text;
}

describe('HTTP edge hardening', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t.close();
    await removeDir(t.dataDir);
  });

  for (const order of ['right token first', 'wrong token first']) {
    test(`two Authorization headers are refused with 400 (${order})`, async () => {
      const port = t.server.port;
      const good = `Authorization: Bearer ${t.server.token}`;
      const bad = 'Authorization: Bearer nope';
      const [first, second] = order === 'right token first' ? [good, bad] : [bad, good];
      const text = await rawExchange(
        port,
        `GET /api/projects HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${first}\r\n${second}\r\nConnection: close\r\n\r\n`,
      );
      assert.match(text, /^HTTP\/1\.1 400 /);
      assert.match(text, /"code":"invalid-request"/);
      assert.match(text, /Authorization header must be sent only once/);
    });
  }

  test('a WebSocket upgrade with two Authorization headers is refused', async () => {
    const port = t.server.port;
    const text = await rawExchange(
      port,
      `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n` +
        `Authorization: Bearer ${t.server.token}\r\nAuthorization: Bearer ${t.server.token}\r\n\r\n`,
    );
    assert.doesNotMatch(text, /^HTTP\/1\.1 101 /);
    assert.match(text, /^HTTP\/1\.1 4\d\d /);
  });

  for (const [charset, status] of [
    ['utf-7', 415],
    ['UTF-16', 415],
    ['iso-8859-1', 415],
    ['utf-8', 200],
    ['"UTF-8"', 200],
  ] as const) {
    test(`Content-Type: application/json; charset=${charset} → ${status}`, async () => {
      const response = await rawRequest({
        port: t.server.port,
        method: 'PATCH',
        path: '/api/preferences',
        headers: {
          authorization: `Bearer ${t.server.token}`,
          'content-type': `application/json; charset=${charset}`,
        },
        body: '{"default_thinking_level":"off"}',
      });
      assert.equal(response.status, status, response.text);
      if (status === 415) assert.equal(errorCode(response.json), 'unsupported-media-type');
    });
  }

  test('a project path under ~/ is expanded to the home folder', async () => {
    const home = await tempDir('grove-home-');
    const repo = await makeRepo(home);
    const saved = process.env.HOME;
    process.env.HOME = home;
    try {
      const created = await t.api.post('/api/projects', { path: `~/${path.basename(repo)}` });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.path, await realpath(repo));
    } finally {
      process.env.HOME = saved;
      await removeDir(home);
    }
  });

  test('pages and API answers forbid framing and never send a Referer', async () => {
    for (const pathname of ['/', '/api/health', '/api/projects']) {
      const response = await rawRequest({ port: t.server.port, path: pathname });
      assert.equal(response.headers['referrer-policy'], 'no-referrer', pathname);
      assert.equal(response.headers['x-frame-options'], 'DENY', pathname);
      assert.match(String(response.headers['content-security-policy']), /frame-ancestors 'none'/);
    }
  });
});

describe('data dir hardening', () => {
  test('a data dir that already exists with a loose mode is tightened to 0700', async () => {
    const dir = path.join(await tempDir('grove-mode-'), 'data');
    await mkdir(dir, { mode: 0o755 });
    await chmod(dir, 0o755);
    const t = await startTestServer({ dataDir: dir });
    try {
      assert.equal((await stat(dir)).mode & 0o777, 0o700);
    } finally {
      await t.close();
      await removeDir(path.dirname(dir));
    }
  });

  describe('a catalog lost with its .bak while sessions and transcripts remain', () => {
    let world: SessionsWorld;
    before(async () => {
      world = await startWorld();
    });
    after(() => world.close());

    test('refuses to start empty over them, and leaves every file as it was', async () => {
      const worktreeId = await world.newWorktree();
      const session = await world.api.post(`/api/worktrees/${worktreeId}/sessions`, {
        backend: 'claude',
      });
      assert.equal(session.status, 201, JSON.stringify(session.body));
      await world.stop();
      const dir = world.dataDir;
      await rm(path.join(dir, 'catalog.json'));
      await rm(path.join(dir, 'catalog.json.bak'), { force: true });
      const before = (await readdir(dir, { recursive: true })).sort();

      const opening = Store.open({ dataDir: dir, log: () => undefined });
      await assert.rejects(opening, (error: unknown) => {
        assert.ok(error instanceof GroveError);
        assert.match(error.message, /catalog\.json and its \.bak are missing/);
        assert.match(error.message, /1 session file\(s\)/);
        assert.match(error.message, /will not start empty/);
        return true;
      });
      assert.deepEqual((await readdir(dir, { recursive: true })).sort(), before, 'nothing changed');
      // The lock was released: once the catalog is back (here: moved sessions away), it opens.
      await rm(path.join(dir, 'sessions'), { recursive: true });
      await rm(path.join(dir, 'transcripts'), { recursive: true });
      const store = await Store.open({ dataDir: dir, log: () => undefined });
      assert.deepEqual(store.projects, []);
      await store.close();
    });
  });
});
