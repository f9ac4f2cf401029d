// Terminal socket attacks (`/ws/terminals/{id}`): upgrades that must be refused, frames too big
// to be typing, absurd sizes, terminals that are gone, and many sockets at once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import type { Terminal } from '../../server/contract/index.js';
import { errorCode } from '../../server/test-support/http.js';
import { processesIn, until } from '../../server/test-support/processes.js';
import { MAX_INPUT_FRAME } from '../../server/terminals/terminal-socket.js';
import { rawUpgrade, startTerminalRig, type TerminalRig } from './terminal-rig.js';
import { report, scale } from './torture-support.js';

describe('torture: terminal sockets', { timeout: scale(300_000, 900_000) }, () => {
  let rig: TerminalRig;
  before(async () => {
    rig = await startTerminalRig();
  });
  after(() => rig.close());

  test('upgrades without the token, or from a foreign Host or Origin, never attach', async () => {
    const { terminal, session } = await rig.openShell();
    const { port, token } = rig.grove.server;
    const target = (query: string, id = terminal.id) => `/ws/terminals/${id}${query}`;
    const cases: [string, string, Record<string, string>, number, string][] = [
      ['no token', target(''), {}, 401, 'unauthorized'],
      ['a wrong token', target('?token=wrong'), {}, 401, 'unauthorized'],
      [
        'the token one character short',
        target(`?token=${token.slice(0, -1)}`),
        {},
        401,
        'unauthorized',
      ],
      ['an empty token', target('?token='), {}, 401, 'unauthorized'],
      ['a wrong Bearer header', target(''), { Authorization: 'Bearer wrong' }, 401, 'unauthorized'],
      [
        'a wrong token subprotocol',
        target(''),
        { 'Sec-WebSocket-Protocol': 'grove.token.wrong' },
        401,
        'unauthorized',
      ],
      [
        'a foreign Origin',
        target(`?token=${token}`),
        { Origin: 'https://evil.example' },
        403,
        'forbidden-origin',
      ],
      ['Origin "null"', target(`?token=${token}`), { Origin: 'null' }, 403, 'forbidden-origin'],
      [
        'our host over https',
        target(`?token=${token}`),
        { Origin: `https://127.0.0.1:${port}` },
        403,
        'forbidden-origin',
      ],
      [
        'a foreign Host',
        target(`?token=${token}`),
        { Host: 'evil.example' },
        403,
        'forbidden-host',
      ],
      [
        'a rebinding Host',
        target(`?token=${token}`),
        { Host: `localhost.evil.example:${port}` },
        403,
        'forbidden-host',
      ],
      [
        'our Host on another port',
        target(`?token=${token}`),
        { Host: `127.0.0.1:${port + 1}` },
        403,
        'forbidden-host',
      ],
      ['an unknown terminal', target(`?token=${token}`, crypto.randomUUID()), {}, 404, 'not-found'],
      [
        'an id in capitals',
        target(`?token=${token}`, terminal.id.toUpperCase()),
        {},
        404,
        'not-found',
      ],
      ['an id with a suffix', target(`?token=${token}`, `${terminal.id}x`), {}, 404, 'not-found'],
      ['an id with more path', target(`?token=${token}`, `${terminal.id}/x`), {}, 404, 'not-found'],
      ['no id', target(`?token=${token}`, ''), {}, 404, 'not-found'],
    ];
    for (const [label, path, headers, status, code] of cases) {
      const answer = await rawUpgrade(port, path, headers);
      assert.equal(answer.status, status, `${label}: ${answer.body}`);
      assert.equal(errorCode(JSON.parse(answer.body)), code, label);
    }
    assert.equal(session.clientCount, 0, 'no refused upgrade attached');
    const own = await rawUpgrade(port, target(`?token=${token}`), {
      Origin: `http://127.0.0.1:${port}`,
    });
    assert.equal(own.status, 101, 'the same request with the right token and origin opens');
    report('terminal upgrades', { refused: cases.length, attached: 0 });
  });

  test('a frame over 1 MB closes its own socket (1009); the terminal and other clients go on', async () => {
    const { terminal, session } = await rig.openShell();
    const watcher = await rig.connect(terminal.id);
    const codes: number[] = [];
    for (const [label, frame] of [
      ['text', 'x'.repeat(MAX_INPUT_FRAME + 1)],
      ['binary', Buffer.alloc(MAX_INPUT_FRAME + 1, 0x61)],
      ['16 MB', Buffer.alloc(16 * MAX_INPUT_FRAME, 0x61)],
    ] as const) {
      const attacker = await rig.connect(terminal.id);
      attacker.socket.send(frame);
      codes.push(await attacker.closed);
      assert.equal(codes.at(-1), 1009, label);
    }
    watcher.type('echo still-$((6*7))\r');
    await watcher.waitForText(/still-42/);
    assert.equal(session.clientCount, 1);
    assert.doesNotMatch(watcher.text, /aaaa|xxxx/, 'nothing of an oversized frame was typed');
    await watcher.close();
    report('terminal oversized frames', { frames: codes.length, codes: codes.join(',') });
  });

  test('absurd sizes are refused with 400 and change nothing; the extremes allowed work', async () => {
    const { terminal } = await rig.openShell();
    const client = await rig.connect(terminal.id);
    const bodies: unknown[] = [
      { cols: 0, rows: 0 },
      { cols: -80, rows: 24 },
      { cols: 1e9, rows: 1e9 },
      { cols: 2 ** 31, rows: 24 },
      { cols: 1001, rows: 24 },
      { cols: 80, rows: 501 },
      { cols: 80.5, rows: 24 },
      { cols: '80', rows: '24' },
      { cols: null, rows: 24 },
      { cols: 80 },
      { cols: 80, rows: 24, pixels: 1 },
      [80, 24],
      '80x24',
    ];
    for (const body of bodies) {
      const answer = await rig.grove.api.post(`/api/terminals/${terminal.id}/resize`, body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      // A bare JSON string is not a body at all (strict JSON parsing refuses it).
      assert.ok(['invalid-request', 'invalid-json'].includes(errorCode(answer.body) ?? ''));
    }
    const created = await rig.grove.api.post(`/api/worktrees/${rig.worktree.id}/terminals`, {
      cols: 1e9,
      rows: -1,
    });
    assert.equal(created.status, 400);
    const listed = await rig.grove.api.get<Terminal[]>(
      `/api/worktrees/${rig.worktree.id}/terminals`,
    );
    const kept = listed.body.find((item) => item.id === terminal.id);
    assert.deepEqual([kept?.cols, kept?.rows], [terminal.cols, terminal.rows]);
    for (const [cols, rows] of [
      [2, 1],
      [1000, 500],
    ] as const) {
      const resized = await rig.grove.api.post(`/api/terminals/${terminal.id}/resize`, {
        cols,
        rows,
      });
      assert.equal(resized.status, 200);
      client.type(`stty size | tr ' ' x; echo size-done-${cols}\r`);
      // The shell's prompt may land before the output when it redraws after the typed echo.
      await client.waitForText(
        new RegExp(`(^|\\s)${rows}x${cols}$[\\s\\S]*size-done-${cols}`, 'm'),
      );
    }
    await client.close();
    report('terminal sizes', { refused: bodies.length + 1, extremes: '2x1,1000x500' });
  });

  test('a deleted terminal closes its sockets (1000) and refuses new ones (404)', async () => {
    const { terminal } = await rig.openShell();
    const client = await rig.connect(terminal.id);
    client.type('sleep 4646 & echo bg-started\r');
    await client.waitForText(/bg-started/);
    assert.equal((await rig.grove.api.delete(`/api/terminals/${terminal.id}`)).status, 204);
    assert.equal(await client.closed, 1000);
    const late = await rawUpgrade(
      rig.grove.server.port,
      `/ws/terminals/${terminal.id}?token=${rig.grove.server.token}`,
      {},
    );
    assert.equal(late.status, 404);
    const left = processesIn(rig.worktree.path).filter(
      (item) => item.pid === terminal.pid || item.command === 'sleep 4646',
    );
    assert.deepEqual(left, [], 'neither its shell nor what it started is left');
    // An exited terminal stays listed: a socket still gets its screen, and typing is ignored.
    const { terminal: exiting } = await rig.openShell();
    const shell = await rig.connect(exiting.id);
    shell.type('echo bye-$((2+3)); exit 3\r');
    await until(
      () => rig.grove.server.services.terminals.find(exiting.id)?.info.status === 'exited',
    );
    await shell.close();
    const reader = await rig.connect(exiting.id);
    await reader.waitForText(/bye-5/);
    // The close handshake comes after the typed frame, so the server has handled it by then.
    reader.type('echo typed-after-exit\r');
    await reader.close();
    const again = await rig.connect(exiting.id);
    await again.waitForText(/bye-5/);
    await again.close();
    assert.doesNotMatch(again.text, /typed-after-exit/);
    assert.equal((await rig.grove.api.get('/api/health')).status, 200);
    report('terminal gone', { deleted_close_code: 1000, late_upgrade: 404 });
  });

  test('many sockets on one terminal all get its output, and all are let go', async () => {
    const { terminal, session } = await rig.openShell();
    const count = scale(100, 500);
    const rssBefore = process.memoryUsage().rss;
    const clients = await Promise.all(
      Array.from({ length: count }, () => rig.connect(terminal.id)),
    );
    assert.equal(session.clientCount, count);
    clients[0]?.type('echo fan-out-$((10*10))\r');
    await Promise.all(clients.map((client) => client.waitForText(/fan-out-100/, 60_000)));
    // Half leave politely, half vanish without a close frame.
    await Promise.all(clients.slice(0, count / 2).map((client) => client.close()));
    for (const client of clients.slice(count / 2)) client.socket.terminate();
    await until(() => session.clientCount === 0, 30_000);
    // Sockets that open and drop at once, over and over, leave no client behind either.
    const churn = scale(200, 1000);
    for (let round = 0; round < churn; round += 20) {
      await Promise.all(
        Array.from({ length: 20 }, async () => {
          const socket = new WebSocket(rig.socketUrl(terminal.id));
          await new Promise((resolve) => socket.once('open', resolve));
          socket.terminate();
        }),
      );
    }
    await until(() => session.clientCount === 0, 30_000);
    const after = await rig.connect(terminal.id);
    after.type('echo after-churn\r');
    await after.waitForText(/^(?:[#$] )*after-churn$/m);
    await after.close();
    report('terminal many sockets', {
      sockets: count,
      churned: churn,
      clients_left: session.clientCount,
      rss_growth_mb: Math.round((process.memoryUsage().rss - rssBefore) / 1e6),
    });
  });
});
