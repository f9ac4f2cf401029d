import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { boundedSender } from '../ws/send-budget.js';
import { rejectUpgrade, type UpgradeEndpoint } from '../ws/socket-server.js';
import type { TerminalService } from './terminal-service.js';
import type { TerminalClient, TerminalSession } from './terminal-session.js';

const PATH_PREFIX = '/ws/terminals/';
const PROTOCOL = 'grove.terminal.v1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A paste arrives as one frame; anything much bigger is not typing. */
export const MAX_INPUT_FRAME = 1024 * 1024;
/**
 * Output a client has not read yet, beyond which it is cut off: a client that stops reading must
 * not make Grove hold the terminal's output without bound. It is closed with the same code as a
 * slow `/ws` client (4008); reconnecting replays the screen.
 */
export const CLIENT_SEND_CAP_BYTES = 4 * 1024 * 1024;
const HEARTBEAT_MS = 30_000;

/**
 * `/ws/terminals/{id}`: the terminal's output as binary frames (the replay first, then live),
 * and every frame a client sends typed into it. The upgrade is checked like `/ws` (token, Host,
 * Origin) by the socket server before it gets here.
 */
export function terminalSocketEndpoint(
  terminals: TerminalService,
  heartbeatMs = HEARTBEAT_MS,
): UpgradeEndpoint {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_INPUT_FRAME,
    // Browsers pass the token as a subprotocol and fail unless one protocol is echoed: ours if
    // offered, else any but the token's.
    handleProtocols: (protocols) =>
      protocols.has(PROTOCOL)
        ? PROTOCOL
        : ([...protocols].find((item) => !item.startsWith('grove.token.')) ?? false),
  });
  const alive = new WeakMap<WebSocket, boolean>();
  // Sockets not read from while their input waits for the program: their pongs wait too.
  const heldBack = new WeakSet<WebSocket>();
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false && !heldBack.has(ws)) ws.terminate();
      else {
        alive.set(ws, false);
        ws.ping();
      }
    }
  }, heartbeatMs);
  heartbeat.unref();

  function connect(ws: WebSocket, session: TerminalSession): void {
    alive.set(ws, true);
    // Any frame proves the client is there. A pong alone is not enough: a client with megabytes
    // of typed input queued sends its pong after them, long after the next heartbeat.
    const heard = () => alive.set(ws, true);
    ws.on('pong', heard);
    ws.on('error', () => ws.terminate());
    const sendWithinBudget = boundedSender(ws, {
      limitBytes: CLIENT_SEND_CAP_BYTES,
      reason: 'Too far behind: reconnect to be sent the screen again',
    });
    const client: TerminalClient = {
      send(chunk) {
        // A client past its budget is closed; it stops taking output at once.
        if (!sendWithinBudget(chunk)) detach();
      },
      close(code, reason) {
        ws.close(code, reason);
      },
    };
    const detach = session.attach(client);
    ws.on('close', detach);
    ws.on('message', (data: RawData, isBinary: boolean) => {
      heard();
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer);
      if (session.write(isBinary ? bytes : bytes.toString('utf8')) || heldBack.has(ws)) return;
      // The program is not reading: stop reading this client (TCP pushes back on it) until it does.
      heldBack.add(ws);
      ws.pause();
      void session.inputDrained().then(() => {
        heldBack.delete(ws);
        heard();
        ws.resume();
      });
    });
  }

  return {
    matches: (pathname) => pathname.startsWith(PATH_PREFIX),
    handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, url: URL) {
      const id = url.pathname.slice(PATH_PREFIX.length);
      const session = UUID.test(id) ? terminals.find(id) : undefined;
      if (!session) return rejectUpgrade(socket, 404, 'not-found', `No terminal with id ${id}.`);
      wss.handleUpgrade(request, socket, head, (ws) => connect(ws, session));
    },
    disconnectAll(reason: string) {
      for (const ws of wss.clients) ws.close(4001, reason);
    },
    close() {
      clearInterval(heartbeat);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
