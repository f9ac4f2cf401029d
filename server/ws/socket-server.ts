import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ServerFrame } from '../contract/index.js';
import type { EventHub } from '../events/hub.js';
import { statusOf } from '../http/errors.js';
import { bearerToken, type RequestGuard } from '../http/security.js';
import { Outbox, serializedFrame } from './outbox.js';
import { boundedSender, type SendBudgetOptions } from './send-budget.js';

const TOKEN_PROTOCOL_PREFIX = 'grove.token.';
const HEARTBEAT_MS = 30_000;
/** How long close() lets clients answer the close handshake before cutting them off. */
const CLOSE_GRACE_MS = 500;
/** Clients only listen; anything bigger than this from them is abuse. */
export const MAX_CLIENT_PAYLOAD = 64 * 1024;

export interface SocketServerOptions {
  hub: EventHub;
  guard: RequestGuard;
  /** Ping interval; a client that missed the previous ping is dropped. Tests shorten it. */
  heartbeatMs?: number;
  /** The cap on each client's unsent data (defaults: 8 MB, close code 4008). Tests lower it. */
  sendBudget?: SendBudgetOptions;
  /** Further WebSocket endpoints under `/ws/…`, handed the upgrade once it passed the checks. */
  endpoints?: readonly UpgradeEndpoint[];
}

/** A WebSocket endpoint other than `/ws` that shares its token, Host and Origin checks. */
export interface UpgradeEndpoint {
  matches(pathname: string): boolean;
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, url: URL): void;
  disconnectAll(reason: string): void;
  close(): void;
}

/**
 * `/ws`: authenticated in the upgrade (query `token`, a Bearer header, or a `grove.token.<token>`
 * subprotocol for browsers, which cannot set headers), under the same Host and Origin rules as
 * HTTP. Each client gets every event once, after an optional replay of what it missed.
 */
export function attachSocketServer(
  server: Server,
  options: SocketServerOptions,
): {
  close: () => Promise<void>;
  disconnectAll: (reason: string) => void;
  clientCount: () => number;
} {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_CLIENT_PAYLOAD,
    handleProtocols: (protocols) =>
      protocols.has('grove.v1') ? 'grove.v1' : ([...protocols][0] ?? false),
  });
  const alive = new WeakMap<WebSocket, boolean>();
  const outbox = new Outbox();

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Upgrade sockets have no error listener of their own; a client resetting mid-handshake must
    // not become an uncaught exception that takes the server down.
    socket.on('error', () => socket.destroy());
    const url = new URL(request.url ?? '/', 'http://localhost');
    const endpoint = options.endpoints?.find((item) => item.matches(url.pathname));
    if (url.pathname !== '/ws' && !endpoint)
      return reject(socket, 404, 'not-found', 'No WebSocket endpoint here; use /ws.');
    const blocked = options.guard.check(request);
    if (blocked) return reject(socket, statusOf(blocked), blocked.code, blocked.message);
    if (!options.guard.isTokenValid(upgradeToken(request, url))) {
      return reject(socket, 401, 'unauthorized', 'A valid token is required.');
    }
    if (endpoint) return endpoint.handleUpgrade(request, socket, head, url);
    const since = parseSince(url.searchParams.get('since'));
    wss.handleUpgrade(request, socket, head, (ws) => onConnection(ws, since));
  });

  function onConnection(ws: WebSocket, since: number | null): void {
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    ws.on('error', () => ws.terminate());
    const sendBounded = boundedSender(ws, options.sendBudget);
    const send = (frame: ServerFrame) => {
      sendBounded(serializedFrame(frame));
    };
    // Subscribe before replaying so nothing published in between is lost; what is published
    // later goes out through the outbox, after the hello and the replay.
    const unsubscribe = options.hub.subscribe((frame) => outbox.add(sendBounded, frame));
    ws.on('close', unsubscribe);
    const replay =
      since === null ? { ok: true as const, events: [] } : options.hub.replaySince(since);
    if (!replay.ok) {
      send(replay.frame);
      return;
    }
    send({
      event: 'hello',
      data: { seq: options.hub.currentSeq, replayed: replay.events.length },
      seq: options.hub.currentSeq,
    });
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
  }, options.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();

  return {
    clientCount: () => wss.clients.size,
    /** Drop every client, e.g. after the token changed, so each must authenticate again. */
    disconnectAll(reason: string) {
      for (const ws of wss.clients) ws.close(4001, reason);
      for (const endpoint of options.endpoints ?? []) endpoint.disconnectAll(reason);
    },
    // A client that never answers the close handshake would otherwise hold the HTTP server's
    // close() open for ws's 30 s close timeout; cut such clients off after a short grace.
    close() {
      clearInterval(heartbeat);
      for (const endpoint of options.endpoints ?? []) endpoint.close();
      const clients = [...wss.clients];
      for (const ws of clients) ws.close(1001, 'Grove is shutting down');
      const closed = Promise.all(
        clients.map((ws) =>
          ws.readyState === ws.CLOSED
            ? undefined
            : new Promise<void>((resolve) => ws.once('close', () => resolve())),
        ),
      );
      const grace = setTimeout(() => {
        for (const ws of clients) ws.terminate();
      }, CLOSE_GRACE_MS);
      wss.close();
      return closed.then(() => clearTimeout(grace));
    },
  };
}

/**
 * `since` must be a non-negative integer; anything else cannot be trusted as a position, so it
 * is treated as unknown (-1), which makes the hub ask the client to refetch.
 */
function parseSince(value: string | null): number | null {
  if (value === null) return null;
  return /^\d{1,16}$/.test(value) ? Number(value) : -1;
}

function upgradeToken(request: IncomingMessage, url: URL): string | undefined {
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) return fromQuery;
  const fromHeader = bearerToken(request.headers.authorization);
  if (fromHeader) return fromHeader;
  const protocols = String(request.headers['sec-websocket-protocol'] ?? '').split(',');
  const tokenProtocol = protocols
    .map((item) => item.trim())
    .find((item) => item.startsWith(TOKEN_PROTOCOL_PREFIX));
  return tokenProtocol?.slice(TOKEN_PROTOCOL_PREFIX.length);
}

export { reject as rejectUpgrade };

function reject(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 404 ? 'Not Found' : 'Forbidden'}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
