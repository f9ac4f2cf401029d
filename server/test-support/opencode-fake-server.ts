// Test support (not used at run time): a stand-in for the HTTP side of `opencode serve` on
// 127.0.0.1, port 0, for unit tests of the driver's protocol edge cases. The real CLI is covered
// by the e2e suites.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JsonObject } from '../agents/shared/json.js';
import { OpencodeServeDriver, type ServeTimeouts } from '../agents/opencode/serve-driver.js';
import {
  recordingIO,
  type RecordingIO,
  type ScriptedApprovals,
} from '../agents/shared/parser-harness.js';
import { turnRequest } from '../agents/shared/turn-matrix.js';

export const FAKE_SESSION = 'ses_fake';

/** Answers a route itself; return true when it did, false to leave it to the defaults. */
type Override = (request: IncomingMessage, response: ServerResponse, route: string) => boolean;

export interface FakeServe {
  url: string;
  /** `METHOD /route` of every request, in arrival order. */
  readonly requests: string[];
  /** The bodies of `POST /permission/:id/reply`, with the id, in arrival order. */
  readonly replies: JsonObject[];
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
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as JsonObject;
        fake.replies.push({ requestId: reply[1] ?? '', ...body });
        json(response, true);
      });
      return;
    }
    request.resume();
    if (route === '/event') {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(`data: ${JSON.stringify({ type: 'server.connected', properties: {} })}\n\n`);
      streams.add(response);
    } else if (route === '/session') json(response, { id: FAKE_SESSION });
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

/** Short enough for tests; each test lengthens the one it is not about. */
export const TEST_TIMEOUTS: ServeTimeouts = {
  listeningMs: 5_000,
  requestMs: 5_000,
  errorIdleMs: 100,
  busyCheckMs: 100,
  exitMs: 100,
};

/** A driver talking to `fake` (once told it listens), with a recording `TurnIO`. */
export function fakeTurn(
  fake: FakeServe,
  timeouts: Partial<ServeTimeouts> = {},
  answer?: ScriptedApprovals,
): { io: RecordingIO; driver: OpencodeServeDriver; listen: () => void } {
  const io = recordingIO(answer);
  const request = turnRequest({ mode: 'build', model: 'stub/model-x' });
  const driver = new OpencodeServeDriver(io, request, null, 'secret', {
    ...TEST_TIMEOUTS,
    ...timeouts,
  });
  return { io, driver, listen: () => driver.line(`opencode server listening on ${fake.url}`) };
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
