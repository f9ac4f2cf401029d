import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ServerFrame } from '../contract/index.js';
import type { EventHub } from '../events/hub.js';
import { bearerToken, type RequestGuard } from '../http/security.js';

const TOKEN_PROTOCOL_PREFIX = 'grove.token.';
const HEARTBEAT_MS = 30_000;
/** Clients only listen; anything bigger than this from them is abuse. */
const MAX_CLIENT_PAYLOAD = 64 * 1024;

/**
 * `/ws`: authenticated in the upgrade (query `token`, a Bearer header, or a `grove.token.<token>`
 * subprotocol for browsers, which cannot set headers), under the same Host and Origin rules as
 * HTTP. Each client gets every event once, after an optional replay of what it missed.
 */
export function attachSocketServer(
  server: Server,
  options: { hub: EventHub; guard: RequestGuard },
): { close: () => void } {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_CLIENT_PAYLOAD,
    handleProtocols: (protocols) =>
      protocols.has('grove.v1') ? 'grove.v1' : ([...protocols][0] ?? false),
  });
  const alive = new WeakMap<WebSocket, boolean>();

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/ws') return reject(socket, 404, 'Not Found');
    const blocked = options.guard.check(request);
    if (blocked) return reject(socket, blocked.status, blocked.message);
    if (!options.guard.isTokenValid(upgradeToken(request, url))) {
      return reject(socket, 401, 'A valid token is required.');
    }
    const since = url.searchParams.get('since');
    wss.handleUpgrade(request, socket, head, (ws) => onConnection(ws, since === null ? null : Number(since)));
  });

  function onConnection(ws: WebSocket, since: number | null): void {
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    ws.on('error', () => ws.terminate());
    const send = (frame: ServerFrame) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    };
    // Subscribe before replaying so nothing published in between is lost.
    const unsubscribe = options.hub.subscribe(send);
    ws.on('close', unsubscribe);
    const replay =
      since === null || !Number.isFinite(since) ? { ok: true as const, events: [] } : options.hub.replaySince(since);
    if (!replay.ok) {
      send(replay.frame);
      return;
    }
    send({ event: 'hello', data: { seq: options.hub.currentSeq, replayed: replay.events.length }, seq: options.hub.currentSeq });
    for (const event of replay.events) send(event);
  }

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    close() {
      clearInterval(heartbeat);
      for (const ws of wss.clients) ws.close(1001, 'Grove is shutting down');
      wss.close();
    },
  };
}

function upgradeToken(request: IncomingMessage, url: URL): string | undefined {
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) return fromQuery;
  const fromHeader = bearerToken(request.headers.authorization);
  if (fromHeader) return fromHeader;
  const protocols = String(request.headers['sec-websocket-protocol'] ?? '').split(',');
  const tokenProtocol = protocols.map((item) => item.trim()).find((item) => item.startsWith(TOKEN_PROTOCOL_PREFIX));
  return tokenProtocol?.slice(TOKEN_PROTOCOL_PREFIX.length);
}

function reject(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ error: { code: status === 401 ? 'unauthorized' : 'forbidden', message } });
  socket.end(
    `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 404 ? 'Not Found' : 'Forbidden'}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
