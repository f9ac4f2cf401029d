import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import WebSocket from 'ws';
import type { ServerFrame } from '../contract/index.js';
import { EventHub } from '../events/hub.js';
import { createRequestGuard } from '../http/security.js';
import { CLOSE_TOO_FAR_BEHIND } from './send-budget.js';
import { attachSocketServer } from './socket-server.js';

const EVENT_BYTES = 200 * 1024;
const LIMIT = 1024 * 1024;

/** A socket server on its own hub, with a 1 MB send budget. */
async function budgetServer() {
  const http = createHttpServer();
  const token = 'budget-token';
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  const guard = createRequestGuard({ host: '127.0.0.1', port: () => port, token });
  const hub = new EventHub();
  const sockets = attachSocketServer(http, {
    hub,
    guard,
    // Long enough that the test can start reading again and see the close frame.
    sendBudget: { limitBytes: LIMIT, terminateAfterMs: 60_000 },
  });
  const connect = (query = '') => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}${query}`);
    const frames: ServerFrame[] = [];
    let wake = () => {};
    let closeCode: number | null = null;
    socket.on('message', (raw) => {
      frames.push(JSON.parse(String(raw)) as ServerFrame);
      wake();
    });
    socket.on('close', (code) => {
      closeCode = code;
      wake();
    });
    /** Resolves once `done()` holds; rejects if the socket closes first. */
    const until = (done: () => boolean) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (done()) resolve();
          else if (closeCode !== null) reject(new Error(`socket closed with ${closeCode}`));
        };
        wake = check;
        check();
      });
    /** Resolves with null once `done()` holds, or with the close code if the socket closes. */
    const untilOrClosed = (done: () => boolean) =>
      new Promise<number | null>((resolve) => {
        wake = () => {
          if (done()) resolve(null);
          else if (closeCode !== null) resolve(closeCode);
        };
        wake();
      });
    const closed = () => untilOrClosed(() => false);
    return { socket, frames, until, untilOrClosed, closed, opened: once(socket, 'open') };
  };
  const stop = async () => {
    await sockets.close();
    await new Promise((resolve) => http.close(resolve));
  };
  return { hub, connect, stop };
}

const bigDelta = (hub: EventHub, index: number) =>
  hub.publish('message-delta', {
    session_id: 's',
    worktree_id: 'w',
    run_id: 'r',
    message_id: `m${index}`,
    kind: 'text',
    text: String(index % 10).repeat(EVENT_BYTES),
  });

const seqs = (frames: ServerFrame[]) =>
  frames.filter((frame) => frame.event === 'message-delta').map((frame) => frame.seq);

describe('/ws send budget', { timeout: 90_000 }, () => {
  test('a client that stops reading is closed with 4008 past the cap, and a ?since= reconnect gets the rest exactly once', async () => {
    const { hub, connect, stop } = await budgetServer();
    const reader = connect();
    const stalled = connect();
    try {
      await Promise.all([reader.opened, stalled.opened]);
      const startSeq = hub.currentSeq;
      stalled.socket.pause();
      const total = 80; // 16 MB: far more than the cap plus what the kernel buffers
      for (let index = 0; index < total; index++) {
        const { seq } = bigDelta(hub, index);
        // The reader keeps up: it has each event before the next goes out.
        await reader.until(() => reader.frames.some((frame) => frame.seq === seq));
      }
      assert.deepEqual(
        seqs(reader.frames),
        Array.from({ length: total }, (_, index) => startSeq + 1 + index),
        'the reader that keeps up gets every event, in order',
      );
      assert.equal(reader.socket.readyState, WebSocket.OPEN);

      stalled.socket.resume();
      assert.equal(await stalled.closed(), CLOSE_TOO_FAR_BEHIND);
      const got = seqs(stalled.frames);
      assert.ok(got.length < total, `closed before everything was queued (${got.length})`);

      // Reconnect with ?since= as told (a replay burst past the cap is cut the same way, so
      // each round makes progress) until everything is in.
      let rounds = 0;
      while (got.length < total) {
        rounds += 1;
        assert.ok(rounds <= total, 'every reconnect makes progress');
        const back = connect(`&since=${got.at(-1) ?? startSeq}`);
        await back.opened;
        const code = await back.untilOrClosed(
          () => got.length + seqs(back.frames).length === total,
        );
        assert.ok(code === null || code === CLOSE_TOO_FAR_BEHIND, `closed with ${code}`);
        got.push(...seqs(back.frames));
        back.socket.terminate();
      }
      assert.deepEqual(got, seqs(reader.frames), 'every event exactly once, in order');
    } finally {
      reader.socket.terminate();
      stalled.socket.terminate();
      await stop();
    }
  });

  test('one event bigger than the cap still reaches a client whose buffer is empty', async () => {
    const { hub, connect, stop } = await budgetServer();
    const client = connect();
    try {
      await client.opened;
      const huge = hub.publish('message-delta', {
        session_id: 's',
        worktree_id: 'w',
        run_id: 'r',
        message_id: 'big',
        kind: 'text',
        text: 'x'.repeat(LIMIT + 1),
      });
      await client.until(() => client.frames.some((frame) => frame.seq === huge.seq));
      assert.equal(client.socket.readyState, WebSocket.OPEN);
    } finally {
      client.socket.terminate();
      await stop();
    }
  });
});
