// A Grove server with one worktree for the terminal socket attacks (terminals*.test.ts).
import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import type { Terminal, Worktree } from '../../server/contract/index.js';
import {
  makeRepo,
  removeDir,
  startTestServer,
  type TestServer,
} from '../../server/test-support/harness.js';
import { TerminalSocket } from '../../server/test-support/terminal-socket.js';
import type { TerminalSession } from '../../server/terminals/terminal-session.js';

export interface TerminalRig {
  grove: TestServer;
  worktree: Worktree;
  /** A new shell in the worktree, with its live session. */
  openShell(): Promise<{ terminal: Terminal; session: TerminalSession }>;
  /** A connected client of `/ws/terminals/{id}`. */
  connect(terminalId: string): Promise<TerminalSocket>;
  socketUrl(terminalId: string, token?: string): string;
  close(): Promise<void>;
}

/** `heartbeatMs` shortens the sockets' ping interval (30 s by default). */
export async function startTerminalRig(heartbeatMs?: number): Promise<TerminalRig> {
  const grove = await startTestServer(heartbeatMs ? { heartbeatMs } : {});
  const repo = await makeRepo();
  const project = await grove.api.post<{ id: string }>('/api/projects', { path: repo });
  const created = await grove.api.post<Worktree>(`/api/projects/${project.body.id}/worktrees`, {
    name: 'torture',
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const worktree = created.body;
  const socketUrl = (terminalId: string, token = grove.api.token) =>
    `${grove.api.baseUrl.replace('http', 'ws')}/ws/terminals/${terminalId}?token=${token}`;
  return {
    grove,
    worktree,
    socketUrl,
    async openShell() {
      const opened = await grove.api.post<Terminal>(`/api/worktrees/${worktree.id}/terminals`, {});
      assert.equal(opened.status, 201, JSON.stringify(opened.body));
      return {
        terminal: opened.body,
        session: grove.server.services.terminals.session(opened.body.id),
      };
    },
    connect: (terminalId) => TerminalSocket.open(grove.api, terminalId),
    async close() {
      await grove.close();
      await Promise.all([removeDir(grove.dataDir), removeDir(repo)]);
    },
  };
}

/**
 * An upgrade request written byte for byte (any Host, any header), answered with the status
 * line and body; a socket that was let in is closed again.
 */
export async function rawUpgrade(
  port: number,
  target: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  await once(socket, 'connect');
  const lines = Object.entries({
    Host: `127.0.0.1:${port}`,
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
    ...headers,
  }).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.write(`GET ${target} HTTP/1.1\r\n${lines.join('')}\r\n`);
  let received = '';
  for await (const chunk of socket) {
    received += (chunk as Buffer).toString('latin1');
    if (received.startsWith('HTTP/1.1 101 ')) break;
  }
  socket.destroy();
  const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(received)?.[1] ?? 0);
  return { status, body: received.slice(received.indexOf('\r\n\r\n') + 4) };
}
