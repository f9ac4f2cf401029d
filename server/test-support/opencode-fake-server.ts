// Test support (not used at run time): a stand-in for the HTTP side of `opencode serve` on
// 127.0.0.1, port 0, for unit tests of the driver's protocol edge cases. The real CLI is covered
// by the e2e suites.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JsonObject } from '../agents/shared/json.js';
import { OpencodeServeDriver, type ServeTimeouts } from '../agents/opencode/serve-driver.js';
import { SessionModes } from '../agents/opencode/session-modes.js';
import type { TurnRequest } from '../agents/shared/types.js';
import {
  recordingIO,
  type RecordingIO,
  type ScriptedApprovals,
} from '../agents/shared/parser-harness.js';
import { turnRequest } from '../agents/shared/turn-matrix.js';

export const FAKE_SESSION = 'ses_fake';
/** What `GET /agent` answers: the build agent's rules are those a yolo session is given back. */
const FAKE_AGENTS = [
  { name: 'plan', permission: [{ permission: 'edit', pattern: '*', action: 'deny' }] },
  { name: 'build', permission: [{ permission: '*', pattern: '*', action: 'allow' }] },
];

/** Answers a route itself; return true when it did, false to leave it to the defaults. */
type Override = (request: IncomingMessage, response: ServerResponse, route: string) => boolean;

export interface FakeServe {
  url: string;
  /** `METHOD /route` of every request, in arrival order. */
  readonly requests: string[];
  /** The bodies of `POST /permission/:id/reply`, with the id, in arrival order. */
  readonly replies: JsonObject[];
  /** The bodies of `POST /session` and `PATCH /session/:id` (permission rules), in arrival order. */
  readonly sessionBodies: { request: string; body: JsonObject }[];
  /** What `GET /session/status` answers (the working sessions, by id). */
  statuses: JsonObject;
  /** What `GET /session/:id/message` answers. */
  messages: JsonObject[];
  override: Override | null;
  /** Called when the prompt arrives, after its 204. */
  onPrompt: () => void;
  /** Sends one event to every open `/event` stream. */
  publish(type: string, properties?: JsonObject): void;
  /** Ends the open `/event` streams, as an instance disposal does. */
  closeStreams(): void;
  close(): Promise<void>;
}

export async function startFakeServe(): Promise<FakeServe> {
  const streams = new Set<ServerResponse>();
  const fake: FakeServe = {
    url: '',
    requests: [],
    replies: [],
    sessionBodies: [],
    statuses: {},
    messages: [],
    override: null,
    onPrompt: () => undefined,
    publish: (type, properties = {}) => {
      const data = JSON.stringify({ type, properties: { sessionID: FAKE_SESSION, ...properties } });
      for (const stream of streams) stream.write(`data: ${data}\n\n`);
    },
    closeStreams: () => {
      for (const stream of streams) stream.end();
      streams.clear();
    },
    close: () => {
      fake.closeStreams();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  const json = (response: ServerResponse, body: unknown) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  const server = createServer((request, response) => {
    const route = new URL(request.url ?? '/', 'http://fake').pathname;
    fake.requests.push(`${request.method ?? ''} ${route}`);
    if (fake.override?.(request, response, route)) {
      request.resume();
      return;
    }
    const reply = /^\/permission\/([^/]+)\/reply$/.exec(route);
    if (reply) {
      return void jsonBody(request).then((body) => {
        fake.replies.push({ requestId: reply[1] ?? '', ...body });
        json(response, true);
      });
    }
    if (route.startsWith('/session') && ['POST', 'PATCH'].includes(request.method ?? '')) {
      // A new session and a fork both answer the one session the fake streams events for.
      const created = route === '/session' || route.endsWith('/fork');
      if (created || request.method === 'PATCH') {
        return void jsonBody(request).then((body) => {
          fake.sessionBodies.push({ request: `${request.method ?? ''} ${route}`, body });
          json(response, created ? { id: FAKE_SESSION } : true);
        });
      }
    }
    request.resume();
    if (route === '/event') {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(`data: ${JSON.stringify({ type: 'server.connected', properties: {} })}\n\n`);
      streams.add(response);
    } else if (route === '/agent') json(response, FAKE_AGENTS);
    else if (route.endsWith('/prompt_async')) {
      response.writeHead(204).end();
      setImmediate(() => fake.onPrompt());
    } else if (route === '/session/status') json(response, fake.statuses);
    else if (route.endsWith('/message')) json(response, fake.messages);
    else json(response, true);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

/** A request's JSON body. */
async function jsonBody(request: IncomingMessage): Promise<JsonObject> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as JsonObject;
}

/** Short enough for tests; each test lengthens the one it is not about. */
export const TEST_TIMEOUTS: ServeTimeouts = {
  requestMs: 5_000,
  errorIdleMs: 100,
  busyCheckMs: 100,
  exitMs: 100,
};

/** A turn on a server: its request, and which mode each of the server's sessions has. */
export interface FakeTurnOptions {
  request?: Partial<TurnRequest>;
  modes?: SessionModes;
}

/** A driver talking to `fake` (once told to start), with a recording `TurnIO`. */
export function fakeTurn(
  fake: FakeServe,
  timeouts: Partial<ServeTimeouts> = {},
  answer?: ScriptedApprovals,
  { request = {}, modes = new SessionModes() }: FakeTurnOptions = {},
): { io: RecordingIO; driver: OpencodeServeDriver; listen: () => void } {
  const io = recordingIO(answer);
  const turn = turnRequest({ mode: 'build', model: 'stub/model-x', ...request });
  const driver = new OpencodeServeDriver(
    io,
    turn,
    null,
    { password: 'secret', modes },
    {
      ...TEST_TIMEOUTS,
      ...timeouts,
    },
  );
  return { io, driver, listen: () => driver.connect(fake.url) };
}

/** Resolves once `condition` holds; rejects after `ms` so a turn that never ends fails fast. */
export async function waitFor(condition: () => boolean, ms = 3_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('Timed out waiting for the driver.');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** An assistant message as `GET /session/:id/message` lists it. */
export function assistantMessage(info: JsonObject, parts: JsonObject[] = []): JsonObject {
  return {
    info: { id: 'msg_a', role: 'assistant', sessionID: FAKE_SESSION, ...info },
    parts: parts.map((part) => ({ sessionID: FAKE_SESSION, messageID: 'msg_a', ...part })),
  };
}
