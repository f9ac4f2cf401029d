// A client that stops reading is cut off instead of making Grove buffer output without bound.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import type { Terminal, Worktree } from '../contract/index.js';
import { makeRepo, removeDir, startTestServer, type TestServer } from '../test-support/harness.js';
import { until } from '../test-support/processes.js';
import { REPLAY_LIMIT_BYTES } from './replay-buffer.js';

let grove: TestServer;
let repo: string;
before(async () => {
  grove = await startTestServer();
  repo = await makeRepo();
});
after(async () => {
  await grove.close();
  await Promise.all([removeDir(grove.dataDir), removeDir(repo)]);
});

test('a client that stops reading is dropped; the others and the 1 MB replay go on', async () => {
  const project = await grove.api.post('/api/projects', { path: repo });
  const worktree = (
    await grove.api.post<Worktree>(`/api/projects/${project.body.id}/worktrees`, { name: 'flood' })
  ).body;
  const terminal = (await grove.api.post<Terminal>(`/api/worktrees/${worktree.id}/terminals`, {}))
    .body;
  const session = grove.server.services.terminals.session(terminal.id);
  const stalled = await stalledClient(grove.server.port, terminal.id);
  const reader = new WebSocket(
    `${grove.api.baseUrl.replace('http', 'ws')}/ws/terminals/${terminal.id}?token=${grove.api.token}`,
  );
  await once(reader, 'open');
  try {
    assert.equal(session.clientCount, 2);
    // 24 MB of output: far more than the socket buffers and the per-client cap together.
    let received = 0;
    const done = new Promise<void>((resolve) => {
      reader.on('message', (data: Buffer) => {
        received += data.length;
        if (data.toString('latin1').includes('flood-2-done')) resolve();
      });
    });
    reader.send("head -c 25165824 /dev/zero | tr '\\0' x; echo; echo flood-$((1+1))-done\r");
    await done;
    assert.ok(received > 24 * 1024 * 1024, `the reading client got everything: ${received}`);
    await until(() => session.clientCount === 1, 10_000);

    // A client attaching now is sent the replay as its first frame: the last 1 MB, no more.
    const late = new WebSocket(reader.url);
    const [replay] = (await once(late, 'message')) as [Buffer];
    assert.ok(replay.length <= REPLAY_LIMIT_BYTES, `${replay.length} bytes`);
    assert.ok(replay.length > REPLAY_LIMIT_BYTES - 4096, `${replay.length} bytes`);
    assert.match(replay.toString('latin1'), /xxxx[\s\S]*flood-2-done/);
    late.close();
  } finally {
    stalled.destroy();
    reader.close();
  }
});

/** A WebSocket client that completes the handshake and then never reads another byte. */
function stalledClient(port: number, terminalId: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(
        `GET /ws/terminals/${terminalId}?token=${grove.api.token} HTTP/1.1\r\n` +
          `Host: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
    });
    socket.once('error', reject);
    socket.once('data', (chunk: Buffer) => {
      if (!chunk.toString('latin1').startsWith('HTTP/1.1 101')) {
        reject(new Error(`upgrade refused: ${chunk.toString('latin1')}`));
        return;
      }
      socket.pause();
      resolve(socket);
    });
  });
}
