import assert from 'node:assert/strict';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import { fetchOnFreshConnection } from './fresh-connection-fetch.js';
import { ServeClient } from './client.js';
import {
  assistantMessage,
  FAKE_SESSION,
  fakeTurn,
  startFakeServe,
  waitFor,
  type FakeServe,
} from '../../test-support/opencode-fake-server.js';
import type { JsonObject } from '../shared/json.js';
import type { AgentEvent, TurnRequest } from '../shared/types.js';
import { SessionModes } from './session-modes.js';

const errors = (events: AgentEvent[]) =>
  events.flatMap((event) =>
    event.type === 'error' ? [{ code: event.code, message: event.message }] : [],
  );
const texts = (events: AgentEvent[]) =>
  events.flatMap((event) =>
    event.type === 'part' && event.part.type === 'text' ? [event.part.text] : [],
  );
const AUTH_ERROR = { name: 'ProviderAuthError', data: { message: 'Invalid API key' } };
const UNATTENDED = 'question deny, plan_enter deny, plan_exit deny';
/** A request's permission rules, each as `permission action` (all have the pattern `*`). */
const ruleNames = (body: JsonObject) =>
  (body['permission'] as { permission: string; action: string }[]).map(
    ({ permission, action }) => `${permission} ${action}`,
  );
const textPart = { id: 'prt_1', type: 'text', text: 'The answer.', time: { start: 1, end: 2 } };

describe('opencode serve driver', () => {
  let fake: FakeServe;
  before(async () => {
    fake = await startFakeServe();
  });
  afterEach(() => {
    fake.requests.length = 0;
    fake.sessionBodies.length = 0;
    fake.statuses = {};
    fake.messages = [];
    fake.override = null;
    fake.onPrompt = () => undefined;
    fake.closeStreams();
  });
  after(() => fake.close());

  it('ends the turn on session.error when no idle follows (the session never went busy)', async () => {
    const { io, listen } = fakeTurn(fake);
    fake.onPrompt = () => fake.publish('session.error', { error: AUTH_ERROR });
    listen();
    await waitFor(() => io.terminated);
    assert.deepEqual(errors(io.emitted), [{ code: 'not-logged-in', message: 'Invalid API key' }]);
  });

  it('ends the turn at an idle that follows session.error without busy', async () => {
    const { io, listen } = fakeTurn(fake, { errorIdleMs: 60_000 });
    fake.onPrompt = () => {
      fake.publish('session.error', { error: AUTH_ERROR });
      fake.publish('session.idle');
    };
    listen();
    await waitFor(() => io.terminated);
    assert.equal(errors(io.emitted).length, 1);
  });

  it('asks storage when no busy comes, and ends with the stored answer and error', async () => {
    const { io, listen } = fakeTurn(fake);
    const error = { name: 'APIError', data: { message: 'Slow down', statusCode: 429 } };
    fake.messages = [
      { info: { id: 'msg_u', role: 'user', time: { created: Date.now() } }, parts: [] },
      assistantMessage({ time: { created: Date.now() + 1000, completed: 1 }, error }, [textPart]),
    ];
    listen();
    await waitFor(() => io.terminated);
    assert.deepEqual(texts(io.emitted), ['The answer.']);
    assert.deepEqual(errors(io.emitted), [{ code: 'rate-limited', message: 'Slow down' }]);
  });

  it('keeps waiting when /event closes before the session went busy', async () => {
    const { io, listen } = fakeTurn(fake, { busyCheckMs: 60_000 });
    fake.onPrompt = () => fake.closeStreams();
    listen();
    await waitFor(() => fake.requests.filter((route) => route === 'GET /event').length === 2);
    await waitFor(() => fake.requests.includes(`GET /session/${'ses_fake'}/message`));
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(io.terminated, false, 'no assistant message yet: the prompt is still to come');
    fake.publish('session.status', { status: { type: 'busy' } });
    fake.publish('message.part.updated', { part: { sessionID: 'ses_fake', ...textPart } });
    fake.publish('session.idle');
    await waitFor(() => io.terminated);
    assert.deepEqual(texts(io.emitted), ['The answer.']);
    assert.deepEqual(errors(io.emitted), []);
  });

  it('does not end the turn from storage while the last assistant message is unfinished', async () => {
    const { io, listen } = fakeTurn(fake);
    fake.messages = [assistantMessage({ time: { created: Date.now() + 1000 } })];
    listen();
    await waitFor(() => fake.requests.filter((route) => route.endsWith('/message')).length >= 2);
    assert.equal(io.terminated, false);
    fake.messages = [
      assistantMessage({ time: { created: Date.now() + 1000, completed: 1 }, finish: 'stop' }, [
        textPart,
      ]),
    ];
    await waitFor(() => io.terminated);
    assert.deepEqual(texts(io.emitted), ['The answer.']);
  });

  it("prefers the crashed server's own error to the lost connection", async () => {
    const { io, driver, listen } = fakeTurn(fake, { exitMs: 60_000 });
    fake.override = (_request, response, route) => {
      if (route !== '/session') return false;
      response.socket?.destroy();
      return true;
    };
    listen();
    await waitFor(() => fake.requests.includes('POST /session'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(io.terminated, false, 'the exit is awaited');
    const stderr = 'Error: Database is locked\n';
    assert.deepEqual(errors(driver.finish({ code: 1, signal: null, stderr })), [
      { code: 'cli-crashed', message: 'Error: Database is locked' },
    ]);
  });

  it('reports the lost connection when no exit follows', async () => {
    const { io, driver, listen } = fakeTurn(fake);
    fake.override = (_request, response, route) => {
      if (route !== '/session') return false;
      response.socket?.destroy();
      return true;
    };
    listen();
    await waitFor(() => io.terminated);
    assert.match(errors(io.emitted)[0]?.message ?? '', /^Lost contact with OpenCode/);
    assert.deepEqual(driver.finish({ code: null, signal: 'SIGTERM', stderr: '' }), []);
  });

  it("reports a 401 from Grove's own server as its failure, not the user's login", async () => {
    const { io, listen } = fakeTurn(fake);
    fake.override = (_request, response) => {
      response.writeHead(401).end('Unauthorized');
      return true;
    };
    listen();
    await waitFor(() => io.terminated);
    assert.deepEqual(errors(io.emitted), [
      {
        code: 'cli-crashed',
        message: 'Grove could not authenticate to the OpenCode server it started (HTTP 401).',
      },
    ]);
  });

  it('gives up on a request the server does not answer', async () => {
    const { io, listen } = fakeTurn(fake, { requestMs: 100 });
    fake.override = (_request, _response, route) => route === '/session';
    listen();
    await waitFor(() => io.terminated);
    assert.deepEqual(errors(io.emitted), [
      { code: 'cli-crashed', message: 'OpenCode did not answer POST /session within 0.1 s.' },
    ]);
  });

  it('a fork from an answer forks OpenCode’s session before the message after it, or refuses', async () => {
    fake.onPrompt = () => {
      fake.publish('session.status', { status: { type: 'busy' } });
      fake.publish('session.idle');
    };
    fake.messages = ['msg_1', 'msg_2', 'msg_3'].map((id) => ({ info: { id } }));
    const turn = async (request: Partial<TurnRequest>) => {
      const { io, listen } = fakeTurn(fake, {}, undefined, { request });
      listen();
      await waitFor(() => io.terminated);
      return io.emitted;
    };
    const forks = () =>
      fake.sessionBodies.filter(({ request }) => request.endsWith('/fork')).map(({ body }) => body);
    await turn({ forkFrom: 'ses_src', forkAt: 'msg_2' });
    await turn({ forkFrom: 'ses_src', forkAt: 'msg_3' });
    await turn({ forkFrom: 'ses_src' });
    assert.deepEqual(forks(), [{ messageID: 'msg_3' }, {}, {}]);
    // Forking it all would show the model the turns after the cut.
    const refused = await turn({ forkFrom: 'ses_src', forkAt: 'msg_gone' });
    assert.match(errors(refused)[0]?.message ?? '', /no longer holds the answer/);
    assert.equal(forks().length, 3, 'nothing forked');
  });

  it("puts the mode's rules on a new session, and patches a resumed one only when its mode changed", async () => {
    fake.onPrompt = () => {
      const sessionID = /\/session\/([^/]+)\/prompt_async/.exec(fake.requests.at(-1) ?? '')?.[1];
      fake.publish('session.status', { sessionID, status: { type: 'busy' } });
      fake.publish('session.idle', { sessionID });
    };
    const modes = new SessionModes();
    const turn = async (request: Partial<TurnRequest>) => {
      const { io, listen } = fakeTurn(fake, {}, undefined, { request, modes });
      listen();
      await waitFor(() => io.terminated);
    };
    const rules = () =>
      fake.sessionBodies.map(({ request, body }) => `${request}: ${ruleNames(body).join(', ')}`);
    await turn({ mode: 'plan' });
    await turn({ mode: 'plan', resumeId: FAKE_SESSION });
    await turn({ mode: 'build', resumeId: FAKE_SESSION });
    await turn({ mode: 'build', resumeId: FAKE_SESSION });
    await turn({ mode: 'yolo', resumeId: FAKE_SESSION });
    await turn({ mode: 'plan', resumeId: 'ses_other' });
    const patch = `PATCH /session/${FAKE_SESSION}`;
    assert.deepEqual(rules(), [
      `POST /session: ${UNATTENDED}, edit deny, bash deny`,
      `${patch}: ${UNATTENDED}, edit allow, bash ask`,
      // Yolo undoes the earlier mode's rules with the build agent's own (GET /agent).
      `${patch}: * allow, ${UNATTENDED}`,
      `PATCH /session/ses_other: ${UNATTENDED}, edit deny, bash deny`,
    ]);
  });

  it('closes the connection of an answer whose body it does not need', async () => {
    let socket: Socket | null = null;
    fake.override = (_request, response, route) => {
      if (!route.startsWith('/permission/')) return false;
      socket = response.socket;
      // An answer that never ends: only the client can close its connection.
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('tr');
      return true;
    };
    const client = new ServeClient(fake.url, 'secret', '/tmp', new AbortController().signal, 5_000);
    await client.answer({ requestId: 'per_1', body: { reply: 'once' } });
    await waitFor(() => socket?.destroyed === true);
  });
});

describe('fetchOnFreshConnection', () => {
  it('rejects an answer a Response cannot hold instead of throwing in the handler', async () => {
    const server = createTcpServer((socket) => {
      socket.on('data', () => socket.end('HTTP/1.1 600 Odd\r\ncontent-length: 0\r\n\r\n'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      await assert.rejects(
        fetchOnFreshConnection(`http://127.0.0.1:${port}/`, {
          method: 'GET',
          headers: {},
          signal: new AbortController().signal,
        }),
        RangeError,
      );
    } finally {
      server.close();
    }
  });
});
