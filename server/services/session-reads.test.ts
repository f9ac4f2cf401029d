// The read path's serialized-body cache: every write path makes it miss, and ETags answer 304.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startChatRig, type ChatRig } from '../../e2e/chat/chat-harness.js';
import type { ApiClient } from '../test-support/harness.js';
import { createSession, startWorld, type SessionsWorld } from '../test-support/sessions-fixture.js';

interface Read {
  status: number;
  etag: string | null;
  body: unknown;
}

async function read(api: ApiClient, pathname: string, etag?: string | null): Promise<Read> {
  const response = await fetch(`${api.baseUrl}${pathname}`, {
    headers: {
      authorization: `Bearer ${api.token}`,
      ...(etag ? { 'if-none-match': etag } : {}),
    },
  });
  const text = await response.text();
  return {
    status: response.status,
    etag: response.headers.get('etag'),
    body: text ? JSON.parse(text) : null,
  };
}

/** Reads `pathname`, checks an unchanged version answers 304, and returns the fresh read. */
async function readAndRevalidate(api: ApiClient, pathname: string): Promise<Read> {
  const fresh = await read(api, pathname);
  assert.equal(fresh.status, 200);
  assert.ok(fresh.etag, 'an ETag is sent');
  const again = await read(api, pathname, fresh.etag);
  assert.equal(again.status, 304, `${pathname}: unchanged answers 304`);
  assert.equal(again.body, null, 'a 304 has no body');
  return fresh;
}

/** After `write`, the old ETag no longer matches and the body shows the write. */
async function assertInvalidated(
  api: ApiClient,
  pathname: string,
  write: () => Promise<unknown>,
  check: (body: any) => void,
): Promise<void> {
  const before = await readAndRevalidate(api, pathname);
  await write();
  const after = await read(api, pathname, before.etag);
  assert.equal(after.status, 200, `${pathname}: a write makes the old ETag stale`);
  assert.notEqual(after.etag, before.etag);
  check(after.body);
}

describe('session reads: cached bodies and ETags', () => {
  let world: SessionsWorld;
  let worktreeId: string;
  before(async () => {
    world = await startWorld();
    worktreeId = await world.newWorktree();
  });
  after(() => world.close());

  const listPath = () => `/api/worktrees/${worktreeId}/sessions`;
  const names = (body: { name: string }[]) => body.map((session) => session.name);

  test('If-None-Match with the current ETag answers 304; another ETag or none answers 200', async () => {
    await createSession(world.api, worktreeId, { name: 'etag' });
    const fresh = await readAndRevalidate(world.api, listPath());
    assert.equal((await read(world.api, listPath(), '"other"')).status, 200);
    assert.equal((await read(world.api, listPath(), `"other", ${fresh.etag}`)).status, 304);
    assert.deepEqual((await read(world.api, listPath())).body, fresh.body);
  });

  test('create, PATCH, archive, unarchive, reorder and delete each change the listing', async () => {
    const created = { id: '' };
    await assertInvalidated(
      world.api,
      listPath(),
      async () => (created.id = (await createSession(world.api, worktreeId, { name: 'new' })).id),
      (body) => assert.ok(names(body).includes('new')),
    );
    await assertInvalidated(
      world.api,
      listPath(),
      () => world.api.patch(`/api/sessions/${created.id}`, { name: 'renamed' }),
      (body) => assert.ok(names(body).includes('renamed')),
    );
    await assertInvalidated(
      world.api,
      listPath(),
      () => world.api.post(`/api/sessions/${created.id}/archive`),
      (body) => assert.ok(!names(body).includes('renamed')),
    );
    await assertInvalidated(
      world.api,
      listPath(),
      () => world.api.post(`/api/sessions/${created.id}/unarchive`),
      (body) => assert.ok(names(body).includes('renamed')),
    );
    await assertInvalidated(
      world.api,
      listPath(),
      () =>
        world.api.post(`${listPath()}/reorder`, {
          session_ids: [created.id],
        }),
      (body) => assert.equal(body[0].id, created.id),
    );
    await assertInvalidated(
      world.api,
      listPath(),
      () => world.api.delete(`/api/sessions/${created.id}`),
      (body) => assert.ok(!names(body).includes('renamed')),
    );
  });

  test('the archived listing and the session itself are cached apart, and both follow a PATCH', async () => {
    const session = await createSession(world.api, worktreeId, { name: 'apart' });
    const archivedPath = `${listPath()}?include_archived=true`;
    const sessionPath = `/api/sessions/${session.id}`;
    const list = await readAndRevalidate(world.api, listPath());
    const archived = await readAndRevalidate(world.api, archivedPath);
    assert.notEqual(list.etag, archived.etag);
    await assertInvalidated(
      world.api,
      sessionPath,
      () => world.api.patch(sessionPath, { model: 'other-model' }),
      (body) => assert.equal(body.model, 'other-model'),
    );
    assert.equal((await read(world.api, archivedPath, archived.etag)).status, 200);
  });

  test('a session that is gone answers 404, not its cached body', async () => {
    const session = await createSession(world.api, worktreeId, { name: 'gone' });
    const sessionPath = `/api/sessions/${session.id}`;
    const cached = await readAndRevalidate(world.api, sessionPath);
    await world.api.delete(sessionPath);
    assert.equal((await read(world.api, sessionPath, cached.etag)).status, 404);
  });
});

describe('session reads: a run changes what is cached', () => {
  let rig: ChatRig;
  before(async () => {
    rig = await startChatRig('claude');
  });
  after(() => rig.close());

  test("a run's messages and status reach GET session and the listing", async () => {
    const { id } = await rig.createSession();
    const api = rig.test.api;
    const sessionPath = `/api/sessions/${id}`;
    const listPath = `/api/worktrees/${rig.worktreeId}/sessions`;
    const session = await readAndRevalidate(api, sessionPath);
    const list = await readAndRevalidate(api, listPath);
    rig.stub.script('Cache me', [[{ text: 'cached answer' }]]);
    const run = await rig.converse(id, 'Cache me');
    assert.equal(run.terminal.event, 'run-completed');
    const afterRun = await read(api, sessionPath, session.etag);
    assert.equal(afterRun.status, 200);
    const texts = JSON.stringify((afterRun.body as { messages: unknown[] }).messages);
    assert.ok(texts.includes('Cache me') && texts.includes('cached answer'), texts);
    const listAfter = await read(api, listPath, list.etag);
    assert.equal(listAfter.status, 200);
    const [listed] = listAfter.body as { id: string; message_count: number; status: string }[];
    assert.equal(listed?.status, 'idle');
    assert.ok((listed?.message_count ?? 0) >= 2);
  });
});
