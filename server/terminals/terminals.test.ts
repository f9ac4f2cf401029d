// Shell terminals over real PTYs: input and output, size, replay, several clients, the checks
// of the socket, and that closing one leaves no process behind.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Terminal, Worktree } from '../contract/index.js';
import { errorCode, tryUpgrade } from '../test-support/http.js';
import { processesIn, until } from '../test-support/processes.js';
import { useReposServer } from '../test-support/repos-server.js';
import { TerminalSocket } from '../test-support/terminal-socket.js';
import { MAX_TERMINALS_PER_WORKTREE } from './terminal-service.js';

describe('terminals over real PTYs', () => {
  const grove = useReposServer();

  async function worktree(name: string): Promise<Worktree> {
    const { project } = await grove.sharedProject();
    const created = await grove.createWorktree(project, { name });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return created.body as Worktree;
  }

  async function openShell(worktreeId: string, body: object = {}): Promise<Terminal> {
    const created = await grove.api.post<Terminal>(`/api/worktrees/${worktreeId}/terminals`, body);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return created.body;
  }

  test('typed input runs in the worktree and its output comes back; two clients see the same', async () => {
    const tree = await worktree('term-io');
    const terminal = await openShell(tree.id);
    assert.deepEqual(
      { kind: terminal.kind, status: terminal.status, worktree_id: terminal.worktree_id },
      { kind: 'shell', status: 'running', worktree_id: tree.id },
    );
    assert.ok(terminal.pid !== null && terminal.pid > 0);
    await grove.events.waitFor(
      (frame) => frame.event === 'terminal-created' && frame.data.terminal.id === terminal.id,
    );
    const [first, second] = await Promise.all([
      TerminalSocket.open(grove.api, terminal.id),
      TerminalSocket.open(grove.api, terminal.id),
    ]);
    try {
      first.type('echo "sum=$((20+22))"; pwd\r');
      await first.waitForText(/sum=42\n(.*)\n/);
      const [, cwd] = (await second.waitForText(/sum=42\n(.*)\n/)) as string[];
      assert.equal(cwd, tree.path, '`pwd` is the worktree');
      second.type('echo from-second-$((1+1))\r');
      await first.waitForText(/from-second-2/);
      const listed = await grove.api.get<Terminal[]>(`/api/worktrees/${tree.id}/terminals`);
      assert.deepEqual(
        listed.body.map((item) => item.id),
        [terminal.id],
      );
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  // Output may follow a prompt (`# ` or `$ `) when a line was typed before the shell printed it.
  test('a resize reaches `stty size`, and a client attaching later is replayed the screen', async () => {
    const tree = await worktree('term-size');
    const terminal = await openShell(tree.id, { cols: 90, rows: 30 });
    const client = await TerminalSocket.open(grove.api, terminal.id);
    client.type('stty size\r');
    await client.waitForText(/^(?:[#$] )*30 90$/m);
    const resized = await grove.api.post<Terminal>(`/api/terminals/${terminal.id}/resize`, {
      cols: 132,
      rows: 43,
    });
    assert.equal(resized.status, 200);
    assert.deepEqual([resized.body.cols, resized.body.rows], [132, 43]);
    client.type('stty size; echo marker-$((3*3))\r');
    await client.waitForText(/^(?:[#$] )*43 132$/m);
    await client.waitForText(/marker-9/);
    await client.close();

    const later = await TerminalSocket.open(grove.api, terminal.id);
    try {
      // Replayed before anything new is typed: what the first client saw is on the screen.
      await later.waitForText(/^(?:[#$] )*30 90$[\s\S]*^(?:[#$] )*43 132$[\s\S]*marker-9/m);
      later.type('echo after-replay\r');
      await later.waitForText(/^(?:[#$] )*after-replay$/m);
    } finally {
      await later.close();
    }
  });

  test('bad sizes, unknown terminals and a full worktree are clear 4xx errors', async () => {
    const tree = await worktree('term-limits');
    const tooWide = await grove.api.post(`/api/worktrees/${tree.id}/terminals`, { cols: 5000 });
    assert.equal(tooWide.status, 400);
    assert.equal(errorCode(tooWide.body), 'invalid-request');
    const unknownKind = await grove.api.post(`/api/worktrees/${tree.id}/terminals`, {
      kind: 'setup',
    });
    assert.equal(unknownKind.status, 400);
    const missing = '00000000-0000-4000-8000-000000000000';
    assert.equal((await grove.api.delete(`/api/terminals/${missing}`)).status, 404);
    assert.equal(
      (await grove.api.post(`/api/terminals/${missing}/resize`, { cols: 80, rows: 24 })).status,
      404,
    );
    const opened = await Promise.all(
      Array.from({ length: MAX_TERMINALS_PER_WORKTREE }, () => openShell(tree.id)),
    );
    assert.equal(new Set(opened.map((item) => item.title)).size, opened.length, 'titles differ');
    const refused = await grove.api.post(`/api/worktrees/${tree.id}/terminals`, {});
    assert.equal(refused.status, 409);
    assert.equal(errorCode(refused.body), 'too-many-terminals');
    await Promise.all(opened.map((item) => grove.api.delete(`/api/terminals/${item.id}`)));
    assert.deepEqual((await grove.api.get(`/api/worktrees/${tree.id}/terminals`)).body, []);
  });

  test('the terminal socket refuses a missing token, a wrong one and a foreign Origin', async () => {
    const tree = await worktree('term-auth');
    const terminal = await openShell(tree.id);
    const base = `${grove.api.baseUrl.replace('http', 'ws')}/ws/terminals/${terminal.id}`;
    const noToken = await tryUpgrade(base);
    assert.equal(noToken.kind === 'rejected' && noToken.status, 401);
    const wrongToken = await tryUpgrade(`${base}?token=not-the-token`);
    assert.equal(wrongToken.kind === 'rejected' && wrongToken.status, 401);
    const foreign = await tryUpgrade(`${base}?token=${grove.api.token}`, {
      origin: 'https://evil.example',
    });
    assert.ok(foreign.kind === 'rejected');
    assert.equal(foreign.status, 403);
    assert.equal(errorCode(foreign.body), 'forbidden-origin');
    const unknown = await tryUpgrade(
      `${base.replace(terminal.id, '00000000-0000-4000-8000-000000000000')}?token=${grove.api.token}`,
    );
    assert.equal(unknown.kind === 'rejected' && unknown.status, 404);
    const own = await tryUpgrade(`${base}?token=${grove.api.token}`, {
      origin: grove.api.baseUrl,
    });
    assert.equal(own.kind, 'open');
    if (own.kind === 'open') own.socket.close();
    // A browser's way: the token as a subprotocol, and ours echoed (never the token's).
    const browser = await tryUpgrade(base, {
      origin: grove.api.baseUrl,
      protocols: ['grove.terminal.v1', `grove.token.${grove.api.token}`],
    });
    assert.ok(browser.kind === 'open');
    assert.equal(browser.protocol, 'grove.terminal.v1');
    browser.socket.close();
  });

  test('DELETE stops the shell and everything it started, background jobs included', async () => {
    const tree = await worktree('term-delete');
    const terminal = await openShell(tree.id);
    const client = await TerminalSocket.open(grove.api, terminal.id);
    client.type(
      'sleep 4242 & nohup sleep 4343 >/dev/null 2>&1 & (setsid sleep 4444 &) ; echo started\r',
    );
    await client.waitForText(/^(?:[#$] )*started$/m);
    await until(() => sleepsIn(tree.path).length === 3);
    const response = await grove.api.delete(`/api/terminals/${terminal.id}`);
    assert.equal(response.status, 204);
    assert.deepEqual(processesIn(tree.path), [], 'no process is left in the worktree');
    assert.equal(await client.closed, 1000, 'its clients are told it is gone');
    await grove.events.waitFor(
      (frame) => frame.event === 'terminal-deleted' && frame.data.terminal_id === terminal.id,
    );
    assert.equal((await grove.api.get(`/api/worktrees/${tree.id}/terminals`)).body.length, 0);
  });

  test('a shell that exits is reported with its exit code and stays listed', async () => {
    const tree = await worktree('term-exit');
    const terminal = await openShell(tree.id);
    const client = await TerminalSocket.open(grove.api, terminal.id);
    client.type('exit 7\r');
    const exited = await grove.events.waitFor(
      (frame) => frame.event === 'terminal-exited' && frame.data.terminal_id === terminal.id,
    );
    assert.ok(exited.event === 'terminal-exited');
    assert.equal(exited.data.exit_code, 7);
    const [listed] = (await grove.api.get<Terminal[]>(`/api/worktrees/${tree.id}/terminals`)).body;
    assert.equal(listed?.status, 'exited');
    assert.equal(listed.exit_code, 7);
    await client.close();
  });

  test('removing the worktree stops its terminals', async () => {
    const tree = await worktree('term-with-tree');
    const terminal = await openShell(tree.id);
    const client = await TerminalSocket.open(grove.api, terminal.id);
    client.type('sleep 4545 & echo bg\r');
    await client.waitForText(/^(?:[#$] )*bg$/m);
    assert.equal((await grove.api.delete(`/api/worktrees/${tree.id}?force=true`)).status, 204);
    assert.deepEqual(processesIn(tree.path), []);
    await grove.events.waitFor(
      (frame) => frame.event === 'terminal-deleted' && frame.data.terminal_id === terminal.id,
    );
  });
});

function sleepsIn(dir: string): number[] {
  return processesIn(dir)
    .filter((item) => /^sleep \d+$/.test(item.command))
    .map((item) => item.pid);
}
