import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { logPath } from '../store/session-shard.js';
import { after, before, describe, test } from 'node:test';
import { Session, SessionWithMessages } from '../contract/index.js';
import {
  createSession,
  listSessions,
  shardFile,
  shardText,
  storedSessions,
  startWorld,
  type SessionsWorld,
} from '../test-support/sessions-fixture.js';

/** Every field a new session has: `pending_fork` is only on a fork. */
const SESSION_KEYS = Object.keys(Session.shape)
  .filter((key) => key !== 'pending_fork')
  .sort();
const nowSeconds = () => Math.floor(Date.now() / 1000);
const names = (sessions: readonly Session[]) => sessions.map((session) => session.name);
const ids = (sessions: readonly { id: string }[]) => sessions.map((session) => session.id);

describe('Sessions API: create, read, list', () => {
  let world: SessionsWorld;
  /** For tests that neither count nor order the worktree's sessions. */
  let shared: string;
  before(async () => {
    world = await startWorld();
    shared = await world.newWorktree();
  });
  after(() => world.close());

  test('POST answers 201 with a complete session object and the spec defaults', async () => {
    const worktreeId = await world.newWorktree();
    const start = nowSeconds();
    const response = await world.api.post(`/api/worktrees/${worktreeId}/sessions`);
    assert.equal(response.status, 201);
    const session = Session.parse(response.body);
    assert.deepEqual(Object.keys(response.body).sort(), SESSION_KEYS);
    assert.equal(session.worktree_id, worktreeId);
    assert.equal(session.name, 'Session 1');
    assert.equal(session.execution_mode, 'plan');
    assert.equal(session.backend, 'claude');
    assert.equal(session.model, 'sonnet');
    assert.equal(session.thinking_level, 'off');
    assert.equal(session.archived_at, null);
    assert.equal(session.message_count, 0);
    assert.equal(session.status, 'idle');
    assert.ok(session.created_at >= start && session.created_at <= nowSeconds(), 'seconds, not ms');
    assert.equal(session.updated_at, session.created_at);
  });

  test('POST uses every field it is given', async () => {
    const worktreeId = shared;
    const given = {
      name: 'Given',
      execution_mode: 'yolo',
      model: 'gpt-5.5-mini',
      thinking_level: 'ultrathink',
      backend: 'codex',
    } as const;
    const session = await createSession(world.api, worktreeId, given);
    assert.deepEqual(
      {
        name: session.name,
        execution_mode: session.execution_mode,
        model: session.model,
        thinking_level: session.thinking_level,
        backend: session.backend,
      },
      given,
    );
  });

  test('a name is trimmed and may be 120 characters long', async () => {
    const worktreeId = shared;
    assert.equal(
      (await createSession(world.api, worktreeId, { name: '  Padded  ' })).name,
      'Padded',
    );
    const longest = 'n'.repeat(120);
    assert.equal((await createSession(world.api, worktreeId, { name: longest })).name, longest);
  });

  test('GET /api/sessions/:id answers the session with an empty history', async () => {
    const worktreeId = shared;
    const created = await createSession(world.api, worktreeId, { name: 'Read me' });
    const response = await world.api.get(`/api/sessions/${created.id}`);
    assert.equal(response.status, 200);
    assert.deepEqual(SessionWithMessages.parse(response.body), { ...created, messages: [] });
  });

  test('the list is in tab order and only holds its own worktree', async () => {
    const [first, second] = [await world.newWorktree(), await world.newWorktree()];
    const created = [];
    for (const name of ['a', 'b', 'c'])
      created.push(await createSession(world.api, first, { name }));
    await createSession(world.api, second, { name: 'elsewhere' });
    assert.deepEqual(await listSessions(world.api, first), created);
    assert.deepEqual(names(await listSessions(world.api, second)), ['elsewhere']);
    assert.ok(existsSync(logPath(shardFile(world.dataDir, first))), 'one shard per worktree');
    assert.ok(existsSync(logPath(shardFile(world.dataDir, second))));
    const firstShard = await shardText(world.dataDir, first);
    assert.ok(!firstShard.includes('elsewhere'), "a worktree's shard holds only its sessions");
  });

  test('a worktree without sessions lists []', async () => {
    assert.deepEqual(await listSessions(world.api, await world.newWorktree()), []);
  });
});

describe('Sessions API: automatic names', () => {
  let world: SessionsWorld;
  before(async () => {
    world = await startWorld();
  });
  after(() => world.close());

  const assertUnique = (sessions: readonly Session[]) =>
    assert.equal(new Set(names(sessions)).size, sessions.length, `duplicate: ${names(sessions)}`);

  test('"Session 1", "Session 2", ... per worktree', async () => {
    const [first, second] = [await world.newWorktree(), await world.newWorktree()];
    for (let index = 0; index < 3; index++) await createSession(world.api, first);
    assert.deepEqual(names(await listSessions(world.api, first)), [
      'Session 1',
      'Session 2',
      'Session 3',
    ]);
    assert.equal((await createSession(world.api, second)).name, 'Session 1');
  });

  test('stay unique after deletes, renames, archives and custom names', async () => {
    const worktreeId = await world.newWorktree();
    const [one, two, three] = [
      await createSession(world.api, worktreeId),
      await createSession(world.api, worktreeId),
      await createSession(world.api, worktreeId),
    ];
    assert.ok(one && two && three);
    await createSession(world.api, worktreeId, { name: 'Custom' });

    assert.equal((await world.api.delete(`/api/sessions/${two.id}`)).status, 204);
    assert.equal((await createSession(world.api, worktreeId)).name, 'Session 4');

    await world.api.patch(`/api/sessions/${one.id}`, { name: 'Session 9' });
    assert.equal((await createSession(world.api, worktreeId)).name, 'Session 10');

    await world.api.post(`/api/sessions/${three.id}/archive`);
    await world.api.patch(`/api/sessions/${three.id}`, { name: 'Session 20' });
    assert.equal((await createSession(world.api, worktreeId)).name, 'Session 21');
    assertUnique(await listSessions(world.api, worktreeId, true));
  });

  test('concurrent creates in a fresh worktree get distinct names', async () => {
    const worktreeId = await world.newWorktree();
    const created = await Promise.all(
      Array.from({ length: 6 }, () => createSession(world.api, worktreeId)),
    );
    assert.deepEqual(
      names(created).sort((a, b) => a.localeCompare(b, 'en', { numeric: true })),
      ['Session 1', 'Session 2', 'Session 3', 'Session 4', 'Session 5', 'Session 6'],
    );
    assertUnique(await listSessions(world.api, worktreeId));
  });
});

describe('Sessions API: update, archive, reorder', () => {
  let world: SessionsWorld;
  /** For tests that neither count nor order the worktree's sessions. */
  let shared: string;
  before(async () => {
    world = await startWorld();
    shared = await world.newWorktree();
  });
  after(() => world.close());

  test('PATCH changes each field, answers the updated session and persists it', async () => {
    const worktreeId = await world.newWorktree();
    const session = await createSession(world.api, worktreeId);
    const patch = {
      name: 'Renamed',
      execution_mode: 'build',
      model: 'opus',
      thinking_level: 'megathink',
    } as const;
    const response = await world.api.patch(`/api/sessions/${session.id}`, patch);
    assert.equal(response.status, 200);
    const updated = Session.parse(response.body);
    assert.deepEqual(
      { ...updated, updated_at: 0 },
      { ...session, ...patch, named_by_user: true, updated_at: 0 },
      "a rename marks the name as the user's: automatic titles never replace it",
    );
    assert.ok(updated.updated_at >= session.updated_at);
    assert.deepEqual((await world.api.get(`/api/sessions/${session.id}`)).body, {
      ...updated,
      messages: [],
    });
    const shard = await storedSessions(world.dataDir, worktreeId);
    const stored = shard.find((item) => item.id === session.id);
    assert.deepEqual(stored, updated, 'durable before the answer');
  });

  test("switching backend without a model takes the new backend's default model", async () => {
    const session = await createSession(world.api, shared);
    const switched = await world.api.patch(`/api/sessions/${session.id}`, { backend: 'codex' });
    assert.deepEqual([switched.body.backend, switched.body.model], ['codex', 'gpt-5.5']);
    const explicit = await world.api.patch(`/api/sessions/${session.id}`, {
      backend: 'opencode',
      model: 'openai/gpt-5.5',
    });
    assert.deepEqual([explicit.body.backend, explicit.body.model], ['opencode', 'openai/gpt-5.5']);
  });

  test('archive is idempotent, hides the session unless include_archived, unarchive restores it', async () => {
    const worktreeId = await world.newWorktree();
    const [a, b, c] = [
      await createSession(world.api, worktreeId),
      await createSession(world.api, worktreeId),
      await createSession(world.api, worktreeId),
    ];
    assert.ok(a && b && c);
    const archived = await world.api.post(`/api/sessions/${b.id}/archive`);
    assert.equal(archived.status, 200);
    assert.equal(typeof archived.body.archived_at, 'number');
    assert.ok(archived.body.archived_at >= b.created_at);

    const again = await world.api.post(`/api/sessions/${b.id}/archive`);
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, archived.body, 'archiving twice changes nothing');

    assert.deepEqual(ids(await listSessions(world.api, worktreeId)), [a.id, c.id]);
    const falseFlag = await world.api.get(
      `/api/worktrees/${worktreeId}/sessions?include_archived=false`,
    );
    assert.deepEqual(ids(falseFlag.body), [a.id, c.id]);
    assert.deepEqual(ids(await listSessions(world.api, worktreeId, true)), [a.id, b.id, c.id]);
    assert.equal(
      (await world.api.get(`/api/sessions/${b.id}`)).body.archived_at,
      archived.body.archived_at,
    );

    const restored = await world.api.post(`/api/sessions/${b.id}/unarchive`);
    assert.equal(restored.status, 200);
    assert.equal(restored.body.archived_at, null);
    assert.deepEqual((await world.api.post(`/api/sessions/${b.id}/unarchive`)).body, restored.body);
    assert.deepEqual(
      ids(await listSessions(world.api, worktreeId)),
      [a.id, b.id, c.id],
      'same tab',
    );
  });

  test('reorder sets the tab order; sessions left out keep their order after the listed ones', async () => {
    const worktreeId = await world.newWorktree();
    const [a, b, c, d] = [
      await createSession(world.api, worktreeId),
      await createSession(world.api, worktreeId),
      await createSession(world.api, worktreeId),
      await createSession(world.api, worktreeId),
    ];
    assert.ok(a && b && c && d);
    const url = `/api/worktrees/${worktreeId}/sessions/reorder`;
    const full = await world.api.post(url, { session_ids: [d.id, b.id, c.id, a.id] });
    assert.equal(full.status, 200);
    assert.deepEqual(ids(full.body), [d.id, b.id, c.id, a.id]);
    assert.deepEqual(ids(await listSessions(world.api, worktreeId)), [d.id, b.id, c.id, a.id]);

    const partial = await world.api.post(url, { session_ids: [a.id] });
    assert.deepEqual(ids(partial.body), [a.id, d.id, b.id, c.id]);
    assert.deepEqual(ids(await listSessions(world.api, worktreeId)), [a.id, d.id, b.id, c.id]);
  });
});
