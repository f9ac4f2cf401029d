import assert from 'node:assert/strict';
import net from 'node:net';
import { after, describe, test } from 'node:test';
import WebSocket from 'ws';
import { createServer } from './server.js';
import { DataDirLockedError } from './store/lock.js';
import { removeDir, tempDir } from './test-support/harness.js';

const quiet = () => undefined;

/** Whether something accepts TCP connections on the port. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('server lifecycle', () => {
  const dirs: string[] = [];
  after(async () => {
    await Promise.all(dirs.map(removeDir));
  });

  test('createServer on port 0 resolves once listening; close() frees the port and the data-dir lock', async () => {
    const dataDir = await tempDir();
    dirs.push(dataDir);
    const first = await createServer({ port: 0, dataDir, log: quiet });
    assert.ok(first.port > 0, 'a real port was picked');
    assert.equal(first.url, `http://127.0.0.1:${first.port}`);
    const health = await fetch(`${first.url}/api/health`);
    assert.equal(health.status, 200);
    const body = (await health.json()) as { ok: boolean; version: string };
    assert.equal(body.ok, true);
    assert.match(body.version, /^\d+\.\d+\.\d+/);

    // While it runs, the data dir is taken.
    await assert.rejects(createServer({ port: 0, dataDir, log: quiet }), DataDirLockedError);

    await first.close();
    assert.equal(await accepts(first.port), false, 'the port is released');

    // The same data dir and the same port can be used again at once.
    const second = await createServer({ port: first.port, dataDir, log: quiet });
    try {
      assert.equal(second.port, first.port);
      assert.equal(second.token, first.token, 'the kept token is reused');
      assert.equal((await fetch(`${second.url}/api/health`)).status, 200);
    } finally {
      await second.close();
    }
  });

  test('a failed start (port in use) releases the data-dir lock', async () => {
    const dataDir = await tempDir();
    dirs.push(dataDir);
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      await assert.rejects(createServer({ port, dataDir, log: quiet }), { name: 'PortInUseError' });
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
    const server = await createServer({ port: 0, dataDir, log: quiet });
    await server.close();
  });

  test('close() tells connected WebSocket clients and does not wait on one that never answers', async () => {
    const dataDir = await tempDir();
    dirs.push(dataDir);
    const server = await createServer({ port: 0, dataDir, log: quiet });
    const polite = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
    await new Promise((resolve) => polite.once('open', resolve));
    const politeClosed = new Promise<number>((resolve) =>
      polite.once('close', (code) => resolve(code)),
    );

    // A raw client that completes the upgrade and then goes silent: it never reads or replies.
    const silent = net.connect(server.port, '127.0.0.1');
    await new Promise((resolve) => silent.once('connect', resolve));
    silent.write(
      `GET /ws?token=${server.token} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\n` +
        'Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    await new Promise((resolve) => silent.once('data', resolve));
    silent.pause();
    silent.on('error', () => undefined);

    const started = Date.now();
    await server.close();
    const took = Date.now() - started;
    silent.destroy();
    assert.equal(await politeClosed, 1001, 'the client is told the server is going away');
    assert.ok(took < 5_000, `close() took ${took} ms`);
  });
});
