// Bad input to every session endpoint: each answer is the error envelope with the right status,
// code and field, and the store (files on disk, API reads, events) is left exactly as it was.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { ApiResponse, EventRecorder } from '../test-support/harness.js';
import {
  connect,
  createSession,
  eventsAbout,
  seedMessages,
  settle,
  snapshotStore,
  startWorld,
  type SessionsWorld,
} from '../test-support/sessions-fixture.js';

interface Expected {
  status: number;
  code: string;
  field?: string;
}

interface Case extends Expected {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  /** An object is sent as JSON; a string is sent as it is, for malformed bodies. */
  body?: unknown;
  headers?: Record<string, string>;
}

const invalid = (field: string): Expected => ({ status: 400, code: 'invalid-request', field });
const notFound: Expected = { status: 404, code: 'not-found' };
const malformedJson: Expected = { status: 400, code: 'invalid-json' };

/** Bodies that create and update must both refuse, with the field each one names. */
const BAD_SESSION_FIELDS: [body: Record<string, unknown>, field: string][] = [
  [{ name: '' }, 'name'],
  [{ name: '   ' }, 'name'],
  [{ name: 'x'.repeat(121) }, 'name'],
  [{ name: 42 }, 'name'],
  [{ name: null }, 'name'],
  [{ execution_mode: 'fast' }, 'execution_mode'],
  [{ execution_mode: 'PLAN' }, 'execution_mode'],
  [{ execution_mode: null }, 'execution_mode'],
  [{ thinking_level: 'max' }, 'thinking_level'],
  [{ thinking_level: 3 }, 'thinking_level'],
  [{ backend: 'gemini' }, 'backend'],
  [{ backend: ['claude'] }, 'backend'],
  [{ model: '' }, 'model'],
  [{ model: 5 }, 'model'],
  [{ model: 'm'.repeat(201) }, 'model'],
  [{ surprise: true }, 'surprise'],
  [{ name: 'fine', id: '3f0b6c2e-8a4d-4f7e-9c1a-2b5d7e9f1a3c' }, 'id'],
  [{ status: 'running' }, 'status'],
  [{ archived_at: null }, 'archived_at'],
  [{ worktree_id: '3f0b6c2e-8a4d-4f7e-9c1a-2b5d7e9f1a3c' }, 'worktree_id'],
];

/** The error envelope, exactly: `{ error: { code, message, field? } }` and nothing else. */
function assertErrorEnvelope(response: ApiResponse, expected: Expected, label: string): void {
  assert.equal(response.status, expected.status, `${label}: ${JSON.stringify(response.body)}`);
  const body = response.body as { error: { code: string; message: string; field?: string } };
  assert.deepEqual(Object.keys(body), ['error'], label);
  assert.deepEqual(
    Object.keys(body.error).sort(),
    expected.field ? ['code', 'field', 'message'] : ['code', 'message'],
    label,
  );
  assert.equal(body.error.code, expected.code, label);
  assert.equal(typeof body.error.message, 'string');
  assert.ok(body.error.message.length > 0, label);
  if (expected.field) {
    assert.equal(body.error.field, expected.field, label);
    assert.ok(
      body.error.message.startsWith(`${expected.field}: `),
      `${label}: ${body.error.message}`,
    );
  }
}

describe('Sessions API: bad input', () => {
  let world: SessionsWorld;
  let recorder: EventRecorder;
  let worktreeId: string;
  let otherWorktreeId: string;
  let sessionId: string;
  let archivedId: string;

  before(async () => {
    world = await startWorld();
    worktreeId = await world.newWorktree();
    otherWorktreeId = await world.newWorktree();
    sessionId = (await createSession(world.api, worktreeId, { name: 'Untouchable' })).id;
    archivedId = (await createSession(world.api, worktreeId)).id;
    await world.api.post(`/api/sessions/${archivedId}/archive`);
    await seedMessages(world.dataDir, sessionId, 3);
    recorder = await connect(world);
  });
  after(async () => {
    recorder.close();
    await world.close();
  });

  async function expectRejected(item: Case): Promise<void> {
    const label = `${item.method} ${item.path} ${JSON.stringify(item.body ?? '')}`;
    const before = await snapshotStore(world, worktreeId);
    const response = await world.api.request(item.method, item.path, item.body, item.headers);
    assertErrorEnvelope(response, item, label);
    assert.deepEqual(
      await snapshotStore(world, worktreeId),
      before,
      `${label} left the store unchanged`,
    );
  }

  const runAll = async (cases: readonly Case[]) => {
    for (const item of cases) await expectRejected(item);
  };

  test('create: invalid enums, types, names and unknown fields are 400s naming the field', async () => {
    const path = `/api/worktrees/${worktreeId}/sessions`;
    await runAll(
      BAD_SESSION_FIELDS.map(([body, field]) => ({
        method: 'POST',
        path,
        body,
        ...invalid(field),
      })),
    );
  });

  test('update: invalid enums, types, names and unknown fields are 400s naming the field', async () => {
    const path = `/api/sessions/${sessionId}`;
    await runAll(
      BAD_SESSION_FIELDS.map(([body, field]) => ({
        method: 'PATCH',
        path,
        body,
        ...invalid(field),
      })),
    );
  });

  test('malformed JSON, a non-object body and a non-JSON content type', async () => {
    for (const [method, path] of [
      ['POST', `/api/worktrees/${worktreeId}/sessions`],
      ['PATCH', `/api/sessions/${sessionId}`],
      ['POST', `/api/worktrees/${worktreeId}/sessions/reorder`],
    ] as const) {
      await runAll([
        { method, path, body: '{"name": ', ...malformedJson },
        { method, path, body: "{'name': 'single quotes'}", ...malformedJson },
        { method, path, body: '{"name": "a",}', ...malformedJson },
        { method, path, body: 'null', ...malformedJson },
        { method, path, body: '[]', status: 400, code: 'invalid-request' },
        {
          method,
          path,
          body: 'name=x',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          status: 415,
          code: 'unsupported-media-type',
        },
      ]);
    }
  });

  test('unknown ids are 404s and ids that are not UUIDs are 400s naming the parameter', async () => {
    const unknownSession = randomUUID();
    const unknownWorktree = randomUUID();
    const notAnId = 'not-a-uuid';
    const cases: Case[] = [
      { method: 'GET', path: `/api/worktrees/${unknownWorktree}/sessions`, ...notFound },
      { method: 'POST', path: `/api/worktrees/${unknownWorktree}/sessions`, body: {}, ...notFound },
      {
        method: 'POST',
        path: `/api/worktrees/${unknownWorktree}/sessions/reorder`,
        body: { session_ids: [] },
        ...notFound,
      },
      { method: 'GET', path: `/api/sessions/${unknownSession}`, ...notFound },
      { method: 'GET', path: `/api/sessions/${unknownSession}/messages`, ...notFound },
      {
        method: 'PATCH',
        path: `/api/sessions/${unknownSession}`,
        body: { name: 'x' },
        ...notFound,
      },
      { method: 'POST', path: `/api/sessions/${unknownSession}/archive`, ...notFound },
      { method: 'POST', path: `/api/sessions/${unknownSession}/unarchive`, ...notFound },
      { method: 'DELETE', path: `/api/sessions/${unknownSession}`, ...notFound },
      { method: 'GET', path: `/api/worktrees/${notAnId}/sessions`, ...invalid('worktreeId') },
      {
        method: 'POST',
        path: `/api/worktrees/${notAnId}/sessions`,
        body: {},
        ...invalid('worktreeId'),
      },
      {
        method: 'POST',
        path: `/api/worktrees/${notAnId}/sessions/reorder`,
        body: { session_ids: [] },
        ...invalid('worktreeId'),
      },
      { method: 'GET', path: `/api/sessions/${notAnId}`, ...invalid('sessionId') },
      { method: 'GET', path: `/api/sessions/${notAnId}/messages`, ...invalid('sessionId') },
      {
        method: 'PATCH',
        path: `/api/sessions/${notAnId}`,
        body: { name: 'x' },
        ...invalid('sessionId'),
      },
      { method: 'POST', path: `/api/sessions/${notAnId}/archive`, ...invalid('sessionId') },
      { method: 'POST', path: `/api/sessions/${notAnId}/unarchive`, ...invalid('sessionId') },
      { method: 'DELETE', path: `/api/sessions/${notAnId}`, ...invalid('sessionId') },
      // A UUID-looking id with a stray character, and one with a trailing path segment.
      { method: 'DELETE', path: `/api/sessions/${sessionId}x`, ...invalid('sessionId') },
      { method: 'DELETE', path: `/api/sessions/${sessionId}/nothing-here`, ...notFound },
    ];
    await runAll(cases);
  });

  test('query strings: include_archived, before and limit are checked, unknown ones refused', async () => {
    const list = `/api/worktrees/${worktreeId}/sessions`;
    const messages = `/api/sessions/${sessionId}/messages`;
    await runAll([
      { method: 'GET', path: `${list}?include_archived=yes`, ...invalid('include_archived') },
      { method: 'GET', path: `${list}?include_archived=`, ...invalid('include_archived') },
      { method: 'GET', path: `${list}?archived=true`, ...invalid('archived') },
      { method: 'GET', path: `${messages}?before=42`, ...invalid('before') },
      { method: 'GET', path: `${messages}?before=${randomUUID()}`, ...notFound },
      { method: 'GET', path: `${messages}?limit=0`, ...invalid('limit') },
      { method: 'GET', path: `${messages}?limit=501`, ...invalid('limit') },
      { method: 'GET', path: `${messages}?limit=-3`, ...invalid('limit') },
      { method: 'GET', path: `${messages}?limit=1.5`, ...invalid('limit') },
      { method: 'GET', path: `${messages}?limit=ten`, ...invalid('limit') },
      { method: 'GET', path: `${messages}?page=2`, ...invalid('page') },
    ]);
  });

  test('reorder: ids from elsewhere, non-UUIDs, a wrong type or a missing list', async () => {
    const path = `/api/worktrees/${worktreeId}/sessions/reorder`;
    const foreign = (await createSession(world.api, otherWorktreeId)).id;
    await runAll([
      {
        method: 'POST',
        path,
        body: { session_ids: [sessionId, foreign] },
        ...invalid('session_ids'),
      },
      { method: 'POST', path, body: { session_ids: [randomUUID()] }, ...invalid('session_ids') },
      { method: 'POST', path, body: { session_ids: ['nope'] }, ...invalid('session_ids.0') },
      { method: 'POST', path, body: { session_ids: sessionId }, ...invalid('session_ids') },
      { method: 'POST', path, body: {}, ...invalid('session_ids') },
      { method: 'POST', path, body: { session_ids: [], extra: 1 }, ...invalid('extra') },
    ]);
  });

  test('without the token nothing is read or changed', async () => {
    const before = await snapshotStore(world, worktreeId);
    const response = await fetch(`${world.test.server.url}/api/sessions/${sessionId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'hijacked' }),
    });
    assert.equal(response.status, 401);
    assert.equal(
      ((await response.json()) as { error: { code: string } }).error.code,
      'unauthorized',
    );
    assert.deepEqual(await snapshotStore(world, worktreeId), before);
  });

  test('none of the rejected requests sent an event', async () => {
    await settle(world, [recorder]);
    for (const id of [sessionId, archivedId]) assert.deepEqual(eventsAbout(recorder, id), []);
  });

  test('a value of the wrong type is reported as such, not as missing', async () => {
    const response = await world.api.patch(`/api/sessions/${sessionId}`, { name: 42 });
    assert.equal(response.status, 400);
    assert.ok(!/is required/.test(response.body.error.message), response.body.error.message);
  });
});
