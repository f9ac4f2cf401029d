// Terminal socket floods: input for a program that does not read it, and a client that stops
// reading the output. Either must cost Grove a bounded amount of memory, not the flood.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { until } from '../../server/test-support/processes.js';
import { INPUT_BACKLOG_CAP_BYTES } from '../../server/terminals/pty-input.js';
import { CLIENT_SEND_CAP_BYTES, MAX_INPUT_FRAME } from '../../server/terminals/terminal-socket.js';
import { CLOSE_TOO_FAR_BEHIND } from '../../server/ws/send-budget.js';
import { startTerminalRig, type TerminalRig } from './terminal-rig.js';
import { report, scale } from './torture-support.js';

const MB = 1024 * 1024;

describe('torture: terminal floods', { timeout: scale(300_000, 1_800_000) }, () => {
  let rig: TerminalRig;
  before(async () => {
    // Pings every 2 s, so a socket held back for a while misses several of them.
    rig = await startTerminalRig(2_000);
  });
  after(() => rig.close());

  test('input for a program that is not reading is held back from the client, and all arrives once it reads', async () => {
    const { terminal, session } = await rig.openShell();
    const client = await rig.connect(terminal.id);
    const total = scale(32, 256) * MB;
    const go = path.join(rig.worktree.path, 'go-flood');
    // Raw mode, so every byte reaches the program; it reads nothing until the file `go-flood`
    // appears, then exactly the flood.
    client.type(
      `stty raw -echo; echo ready-$((1+1)); while [ ! -e go-flood ]; do sleep 0.1; done; ` +
        `head -c ${total} >/dev/null; stty sane; echo drained-$((2+2))\r`,
    );
    await client.waitForText(/ready-2/);
    const frame = Buffer.alloc(MB, 0x61);
    let peakBacklog = 0;
    for (let sent = 0; sent < total; sent += MB) {
      client.socket.send(frame);
      await new Promise((resolve) => setImmediate(resolve));
      peakBacklog = Math.max(peakBacklog, session.inputBacklog);
    }
    assert.ok(
      peakBacklog <= INPUT_BACKLOG_CAP_BYTES + 2 * MAX_INPUT_FRAME,
      `Grove held ${peakBacklog} bytes of unread input`,
    );
    const heldByClient = client.socket.bufferedAmount;
    assert.ok(heldByClient > total / 2, `the server stopped reading: ${heldByClient} left to send`);
    // Held back, its pongs go unread too: the heartbeat must not take it for dead meanwhile.
    let pings = 0;
    await new Promise<void>((resolve) => {
      client.socket.on('ping', () => {
        if (++pings === 3) resolve();
      });
      client.socket.once('close', () => resolve());
    });
    assert.equal(client.socket.readyState, WebSocket.OPEN, 'still connected after 3 pings');
    const started = Date.now();
    await writeFile(go, '');
    await client.waitForText(/drained-4/, scale(120_000, 900_000));
    // node-pty drops a written chunk from its queue when the write's callback comes back from
    // libuv's thread pool, which under load can be after the program read it and answered.
    await until(() => session.inputBacklog === 0, scale(10_000, 120_000));
    client.type('echo typing-works\r');
    await client.waitForText(/^(?:[#$] )*typing-works$/m);
    await client.close();
    report('terminal input flood', {
      flood_mb: total / MB,
      peak_unread_input_mb: (peakBacklog / MB).toFixed(1),
      cap_mb: INPUT_BACKLOG_CAP_BYTES / MB,
      held_by_client_mb: Math.round(heldByClient / MB),
      drained_in_s: Math.round((Date.now() - started) / 1000),
    });
  });

  test('a client whose pongs queue behind its typing is not taken for dead while it types', async () => {
    const { terminal } = await rig.openShell();
    // No pongs at all: the worst case of a pong stuck behind megabytes of queued input. Each
    // ping is answered with typing instead, which is what reaches the server meanwhile.
    const typist = new WebSocket(rig.socketUrl(terminal.id), { autoPong: false });
    await once(typist, 'open');
    let pings = 0;
    await new Promise<void>((resolve) => {
      typist.on('ping', () => {
        typist.send(' ');
        if (++pings === 3) resolve();
      });
      typist.once('close', () => resolve());
    });
    assert.equal(typist.readyState, WebSocket.OPEN, `dropped after ${pings} pings`);
    typist.close();
  });

  test('a client that stops reading output is closed at the 4 MB cap (4008); a reader gets all', async () => {
    const { terminal, session } = await rig.openShell();
    // Plain sockets: the output is too big to turn into text on every frame.
    const stalled = new WebSocket(rig.socketUrl(terminal.id));
    const reader = new WebSocket(rig.socketUrl(terminal.id));
    await Promise.all([once(stalled, 'open'), once(reader, 'open')]);
    const stalledClosed = once(stalled, 'close') as Promise<[number]>;
    stalled.pause();
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    const flood = scale(24, 96) * MB;
    let received = 0;
    const done = new Promise<void>((resolve) => {
      reader.on('message', (data: Buffer) => {
        received += data.length;
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        if (data.toString('latin1').includes('out-flood-2-done')) resolve();
      });
    });
    reader.send(`head -c ${flood} /dev/zero | tr '\\0' x; echo; echo out-flood-$((1+1))-done\r`);
    await until(() => session.clientCount === 1, scale(60_000, 300_000));
    // Read again at once: the close frame waits behind the output the server had sent.
    stalled.resume();
    const [code] = await stalledClosed;
    await done;
    assert.ok(received > flood, `the reader got everything: ${received}`);
    assert.ok([CLOSE_TOO_FAR_BEHIND, 1006].includes(code), `closed with ${code}`);
    reader.close();
    report('terminal stalled reader', {
      flood_mb: flood / MB,
      cap_mb: CLIENT_SEND_CAP_BYTES / MB,
      close_code: code,
      rss_growth_mb: Math.round((peakRss - rssBefore) / 1e6),
    });
  });
});
