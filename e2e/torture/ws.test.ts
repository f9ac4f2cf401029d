// WebSocket attacks: 200 clients under a stream of changes, clients that stop reading, and frames
// no WebSocket client should send.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import {
  EventRecorder,
  removeDir,
  startTestServer,
  type TestServer,
} from '../../server/test-support/harness.js';
import { CLOSE_TOO_FAR_BEHIND } from '../../server/ws/send-budget.js';
import { report, scale } from './torture-support.js';

const until = async (done: () => boolean, what: string, timeoutMs = 60_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('torture: WebSocket', { timeout: scale(240_000, 900_000) }, () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t.close();
    await removeDir(t.dataDir);
  });

  test('200 clients under 20 PATCH/s: every client gets every event once, in order', async () => {
    const clients = await Promise.all(
      Array.from({ length: 200 }, () => EventRecorder.connect(t.server)),
    );
    try {
      const seconds = scale(2, 60);
      const first = t.server.hub.currentSeq + 1;
      const levels = ['off', 'think', 'megathink', 'ultrathink'] as const;
      const acknowledged: number[] = [];
      const started = Date.now();
      for (let index = 0; index < seconds * 20; index++) {
        // 20 a second: each PATCH starts on its 50 ms slot, or at once when running late.
        const slot = started + index * 50;
        if (Date.now() < slot)
          await new Promise((resolve) => setTimeout(resolve, slot - Date.now()));
        const response = await t.api.patch('/api/preferences', {
          default_thinking_level: levels[index % 4],
          default_execution_mode: index % 2 ? 'build' : 'plan',
        });
        assert.equal(response.status, 200);
        acknowledged.push(index);
      }
      const last = t.server.hub.currentSeq;
      const expected = Array.from({ length: last - first + 1 }, (_, index) => first + index);
      const seen = (client: EventRecorder) =>
        client.frames.filter((frame) => frame.event !== 'hello').map((frame) => frame.seq);
      await until(
        () => clients.every((client) => seen(client).length >= expected.length),
        'every client has every event',
      );
      for (const client of clients) assert.deepEqual(seen(client), expected);
      report('ws load', {
        clients: clients.length,
        patches: acknowledged.length,
        events: expected.length,
        deliveries: clients.length * expected.length,
        missing: 0,
        duplicated: 0,
        seconds: Math.round((Date.now() - started) / 1000),
      });
    } finally {
      for (const client of clients) client.socket.terminate();
    }
  });

  test('3 clients that stop reading under 200 KB events are cut off at the cap; a reader gets all', async () => {
    const reader = await EventRecorder.connect(t.server);
    const stalled = await Promise.all(
      Array.from({ length: 3 }, () => EventRecorder.connect(t.server)),
    );
    const closes = stalled.map(
      (client) => once(client.socket, 'close') as Promise<[number, Buffer]>,
    );
    for (const client of stalled) client.socket.pause();
    const listeners = t.server.hub.subscriberCount;
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    // 24 MB even in the quick form: the loopback socket's kernel buffers alone can hold about
    // 10 MB, and the cap (8 MB) counts only what is left over in the server's own buffer.
    const events = scale(120, 150);
    const perSecond = scale(30, 5);
    const text = 'y'.repeat(200 * 1024);
    let lastSeq = 0;
    for (let index = 0; index < events; index++) {
      lastSeq = t.server.hub.publish('message-delta', {
        session_id: 's',
        worktree_id: 'w',
        run_id: 'r',
        message_id: `m${index}`,
        kind: 'text',
        text,
      }).seq;
      await new Promise((resolve) => setTimeout(resolve, 1000 / perSecond));
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    await until(
      () => t.server.hub.subscriberCount === listeners - stalled.length,
      'the server let go of the stalled clients',
      // Well before the heartbeat (30 s pings) could have dropped them.
      25_000,
    );
    await reader.waitFor((frame) => frame.seq === lastSeq, 30_000);
    const deltas = reader.events('message-delta');
    assert.equal(deltas.length, events, 'the reader that keeps up gets every event');
    for (const client of stalled) client.socket.resume();
    const codes = (await Promise.all(closes)).map(([code]) => code);
    for (const code of codes) assert.ok([CLOSE_TOO_FAR_BEHIND, 1006].includes(code), `${code}`);
    reader.close();
    report('stalled readers', {
      stalled: stalled.length,
      event_kb: 200,
      events,
      per_second: perSecond,
      rss_growth_mb: Math.round((peak - rssBefore) / 1e6),
      close_codes: codes.join(','),
    });
  });

  test('malformed frames close only the client that sent them', async () => {
    const watcher = await EventRecorder.connect(t.server);
    const port = t.server.port;
    const frames: [string, Buffer][] = [
      ['an unmasked frame', Buffer.from([0x81, 0x02, 0x68, 0x69])],
      ['a reserved opcode', Buffer.from([0x83, 0x80, 1, 2, 3, 4])],
      ['RSV bits set', Buffer.from([0xf1, 0x80, 1, 2, 3, 4])],
      ['invalid UTF-8 text', Buffer.from([0x81, 0x82, 0, 0, 0, 0, 0xc3, 0x28])],
      ['a fragmented control frame', Buffer.from([0x09, 0x80, 1, 2, 3, 4])],
      ['a 2^63 length', Buffer.from([0x82, 0xff, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])],
      ['garbage', Buffer.from('GET / HTTP/1.1\r\n\r\n')],
    ];
    const outcomes: string[] = [];
    for (const [label, bytes] of frames) {
      const socket = net.connect(port, '127.0.0.1');
      await once(socket, 'connect');
      socket.write(
        `GET /ws?token=${t.server.token} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\n` +
          `Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
      );
      let received = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => (received = Buffer.concat([received, chunk])));
      socket.on('error', () => undefined);
      await until(() => received.includes('\r\n\r\n'), 'the upgrade answer');
      assert.match(received.toString('latin1'), /^HTTP\/1\.1 101 /);
      socket.write(bytes);
      await until(() => socket.destroyed || socket.readableEnded, `${label} closes the socket`);
      // The close frame, when one was sent, says why (1002 protocol error, 1007 bad data, 1009).
      const closeAt = received.indexOf(Buffer.from([0x88]));
      outcomes.push(closeAt >= 0 ? String(received.readUInt16BE(closeAt + 2)) : 'cut');
    }
    const response = await t.api.patch('/api/preferences', { default_thinking_level: 'think' });
    assert.equal(response.status, 200);
    await watcher.waitForEvent('preferences-updated');
    assert.equal(watcher.socket.readyState, WebSocket.OPEN, 'the well-behaved client stays');
    watcher.close();
    report('malformed frames', {
      kinds: frames.length,
      closed: frames.length,
      codes: outcomes.join(','),
    });
  });

  test('slowloris: trickled headers are cut off while the API keeps answering', async () => {
    const count = scale(100, 500);
    const port = t.server.port;
    const slow = await Promise.all(
      Array.from({ length: count }, async () => {
        const socket = net.connect(port, '127.0.0.1');
        socket.on('error', () => undefined);
        await once(socket, 'connect');
        socket.write(`GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`);
        return socket;
      }),
    );
    const trickle = setInterval(() => {
      for (const socket of slow) if (!socket.destroyed) socket.write('X-Slow: 1\r\n');
    }, 1000);
    try {
      const started = Date.now();
      for (let index = 0; index < 5; index++) {
        assert.equal((await t.api.get('/api/projects')).status, 200, 'still answering');
      }
      await until(
        () => slow.every((socket) => socket.destroyed || socket.readableEnded),
        'every slow client cut off',
        45_000,
      );
      report('slowloris', {
        connections: count,
        cut_off_after_s: Math.round((Date.now() - started) / 1000),
        api_answered: 'yes',
      });
    } finally {
      clearInterval(trickle);
      for (const socket of slow) socket.destroy();
    }
  });
});
