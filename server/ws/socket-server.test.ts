import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { EventHub } from '../events/hub.js';
import { createRequestGuard } from '../http/security.js';
import {
  EventRecorder,
  removeDir,
  startTestServer,
  type TestServer,
} from '../test-support/harness.js';
import { attachSocketServer, MAX_CLIENT_PAYLOAD } from './socket-server.js';

describe('/ws events over a real server', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t.close();
    await removeDir(t.dataDir);
  });

  let flip = false;
  /** One real change through the API, which publishes exactly one event. */
  async function change(): Promise<void> {
    flip = !flip;
    const response = await t.api.patch('/api/preferences', {
      default_thinking_level: flip ? 'think' : 'off',
    });
    assert.equal(response.status, 200);
  }

  const changesSeen = (recorder: EventRecorder) => recorder.events('preferences-updated');

  test('every frame is {event, data, seq}; seq goes up by one per event; two clients see the same events', async () => {
    const [a, b] = await Promise.all([
      EventRecorder.connect(t.server),
      EventRecorder.connect(t.server),
    ]);
    try {
      const hello = a.frames[0];
      assert.equal(hello?.event, 'hello');
      assert.equal(hello.seq, t.server.hub.currentSeq);
      for (let i = 0; i < 3; i++) await change();
      await Promise.all([a, b].map((r) => r.waitFor(() => changesSeen(r).length === 3)));
      const seen = changesSeen(a);
      for (const frame of seen) {
        assert.deepEqual(Object.keys(frame).sort(), ['data', 'event', 'seq']);
        assert.equal(typeof frame.seq, 'number');
        assert.equal(typeof frame.data, 'object');
      }
      assert.deepEqual(
        seen.map((frame) => frame.seq),
        [hello.seq + 1, hello.seq + 2, hello.seq + 3],
      );
      assert.deepEqual(changesSeen(b), seen, 'both clients got the very same frames');
      const first = seen[0];
      assert.ok(first?.event === 'preferences-updated');
      assert.equal(first.data.preferences.default_thinking_level, 'think');
    } finally {
      a.close();
      b.close();
    }
  });

  test('?since=<seq> replays exactly what a reconnecting client missed, then goes on live', async () => {
    const watcher = await EventRecorder.connect(t.server);
    const leaving = await EventRecorder.connect(t.server);
    const lastSeen = t.server.hub.currentSeq;
    leaving.close();
    await once(leaving.socket, 'close');
    for (let i = 0; i < 4; i++) await change();
    await watcher.waitFor(() => changesSeen(watcher).length === 4);

    const back = await EventRecorder.connect(t.server, `&since=${lastSeen}`);
    try {
      await back.waitFor(() => changesSeen(back).length === 4);
      const hello = back.frames[0];
      assert.ok(hello?.event === 'hello');
      assert.deepEqual(hello.data, { seq: lastSeen + 4, replayed: 4 });
      assert.deepEqual(
        changesSeen(back),
        changesSeen(watcher),
        'exactly the missed frames, in order',
      );
      await change();
      const live = await back.waitFor((frame) => frame.seq === lastSeen + 5);
      assert.equal(live.event, 'preferences-updated');
      assert.equal(
        back.frames.filter((frame) => frame.seq === lastSeen + 5).length,
        1,
        'no duplicate',
      );
    } finally {
      watcher.close();
      back.close();
    }
  });

  test('?since=<current seq> replays nothing', async () => {
    const recorder = await EventRecorder.connect(t.server, `&since=${t.server.hub.currentSeq}`);
    try {
      assert.deepEqual(recorder.frames, [
        {
          event: 'hello',
          data: { seq: t.server.hub.currentSeq, replayed: 0 },
          seq: t.server.hub.currentSeq,
        },
      ]);
    } finally {
      recorder.close();
    }
  });

  for (const [label, since] of [
    ['too old', () => '1'],
    ['in the future (from before a restart)', () => String(t.server.hub.currentSeq + 10)],
    ['not a number', () => 'abc'],
    ['negative', () => '-5'],
    ['empty', () => ''],
  ] as const) {
    test(`?since= ${label} gets resync-required`, async () => {
      const recorder = await EventRecorder.connect(t.server, `&since=${since()}`);
      try {
        const frame = recorder.frames[0];
        assert.equal(frame?.event, 'resync-required');
        assert.equal(recorder.frames.length, 1);
        assert.equal(frame.seq, t.server.hub.currentSeq);
        assert.equal(typeof (frame.data as { reason: unknown }).reason, 'string');
        // Still subscribed: it gets live events after refetching.
        await change();
        await recorder.waitForEvent('preferences-updated');
      } finally {
        recorder.close();
      }
    });
  }

  test('a client message over 64 KB closes the socket (maxPayload); smaller ones are ignored', async () => {
    const recorder = await EventRecorder.connect(t.server);
    recorder.socket.send('x'.repeat(1000));
    await change();
    await recorder.waitForEvent('preferences-updated');
    assert.equal(recorder.socket.readyState, WebSocket.OPEN);
    const closed = once(recorder.socket, 'close') as Promise<[number, Buffer]>;
    recorder.socket.send(Buffer.alloc(MAX_CLIENT_PAYLOAD + 1, 0x61));
    const [code] = await closed;
    assert.equal(code, 1009, 'closed as "message too big"');
  });
});

describe('/ws heartbeat', () => {
  test('a client that stops answering pings is dropped; a live one stays', async () => {
    const http = createHttpServer();
    const token = 'heartbeat-token';
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const port = (http.address() as AddressInfo).port;
    const guard = createRequestGuard({ host: '127.0.0.1', port: () => port, token });
    const sockets = attachSocketServer(http, { hub: new EventHub(), guard, heartbeatMs: 300 });
    const url = `ws://127.0.0.1:${port}/ws?token=${token}`;
    const live = new WebSocket(url);
    const dead = new WebSocket(url, { autoPong: false });
    try {
      await Promise.all([once(live, 'open'), once(dead, 'open')]);
      let pings = 0;
      dead.on('ping', () => pings++);
      const started = Date.now();
      await once(dead, 'close');
      assert.ok(pings >= 1, 'it was pinged first');
      assert.ok(Date.now() - started < 5_000);
      assert.equal(live.readyState, WebSocket.OPEN, 'the client that answers is kept');
    } finally {
      live.terminate();
      dead.terminate();
      await sockets.close();
      await new Promise((resolve) => http.close(resolve));
    }
  });
});
