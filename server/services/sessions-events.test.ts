// The spec's WebSocket events, checked on real /ws connections: shape, exactly-once delivery to
// every client, nothing for a no-op, and replay of missed events with ?since=.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { ServerFrame, Session } from '../contract/index.js';
import type { EventRecorder } from '../test-support/harness.js';
import {
  connect,
  createSession,
  eventsAbout,
  sessionIdOf,
  settle,
  shardText,
  storedSessions,
  startWorld,
  type SessionsWorld,
} from '../test-support/sessions-fixture.js';

const withoutSeq = ({ event, data }: ServerFrame) => ({ event, data });

/** The fields whose values differ, as `session-updated` must carry them. */
function difference(before: Session, after: Session): Partial<Session> {
  const keys = Object.keys(after) as (keyof Session)[];
  return Object.fromEntries(
    keys
      .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      .map((key) => [key, after[key]]),
  );
}

describe('Sessions API: WebSocket events', () => {
  let world: SessionsWorld;
  let clients: EventRecorder[] = [];
  before(async () => {
    world = await startWorld();
  });
  afterEach(() => {
    for (const client of clients) client.close();
    clients = [];
  });
  after(() => world.close());

  const twoClients = async () => {
    clients = [await connect(world), await connect(world)];
    return clients as [EventRecorder, EventRecorder];
  };

  test('each change is one event of the spec shape, on each of two clients', async () => {
    const [first, second] = await twoClients();
    const worktreeId = await world.newWorktree();
    const created = await createSession(world.api, worktreeId, { name: 'Watched' });
    const id = created.id;
    const renamed = (await world.api.patch(`/api/sessions/${id}`, { name: 'Renamed' })).body;
    await world.api.patch(`/api/sessions/${id}`, { name: 'Renamed' });
    await world.api.post(`/api/sessions/${id}/archive`);
    await world.api.post(`/api/sessions/${id}/archive`);
    await world.api.post(`/api/sessions/${id}/unarchive`);
    await world.api.post(`/api/sessions/${id}/unarchive`);
    assert.equal((await world.api.delete(`/api/sessions/${id}`)).status, 204);
    await settle(world, clients);

    const expected = [
      { event: 'session-created', data: { session: created } },
      { event: 'session-updated', data: { session_id: id, updates: difference(created, renamed) } },
      { event: 'session-archived', data: { session_id: id } },
      { event: 'session-unarchived', data: { session_id: id } },
      { event: 'session-deleted', data: { session_id: id } },
    ];
    for (const client of [first, second]) {
      const frames = eventsAbout(client, id);
      assert.deepEqual(frames.map(withoutSeq), expected);
      for (const frame of frames)
        assert.deepEqual(Object.keys(frame).sort(), ['data', 'event', 'seq']);
      const seqs = frames.map((frame) => frame.seq);
      assert.deepEqual(
        seqs,
        [...seqs].sort((a, b) => a - b),
        'seq grows',
      );
      assert.equal(new Set(seqs).size, seqs.length);
    }
    assert.deepEqual(
      eventsAbout(first, id),
      eventsAbout(second, id),
      'both clients see the same frames',
    );
  });

  test('session-updated carries only the fields whose values changed', async () => {
    const [client] = await twoClients();
    const session = await createSession(world.api, await world.newWorktree());
    const patch = { name: 'Only name and mode', execution_mode: 'build', model: session.model };
    const updated = (await world.api.patch(`/api/sessions/${session.id}`, patch)).body as Session;
    await settle(world, clients);

    const [frame, ...rest] = client
      .events('session-updated')
      .filter((item) => sessionIdOf(item) === session.id);
    assert.equal(rest.length, 0);
    const updates = (frame?.data as { updates: Partial<Session> }).updates;
    assert.deepEqual(updates, difference(session, updated));
    assert.equal(updates.name, 'Only name and mode');
    assert.equal(updates.execution_mode, 'build');
    assert.ok(!('model' in updates), 'an unchanged model is left out');
    for (const key of Object.keys(updates)) {
      const expected = ['name', 'named_by_user', 'execution_mode', 'updated_at'];
      assert.ok(expected.includes(key), `unexpected ${key}`);
    }
  });

  test('a PATCH that changes nothing sends nothing and writes nothing', async () => {
    const [client] = await twoClients();
    const worktreeId = await world.newWorktree();
    const session = await createSession(world.api, worktreeId, { name: 'Same', backend: 'codex' });
    const shardBefore = await shardText(world.dataDir, worktreeId);
    const noOps = [
      {},
      { name: 'Same' },
      { name: '  Same  ' },
      {
        name: session.name,
        execution_mode: session.execution_mode,
        model: session.model,
        thinking_level: session.thinking_level,
        backend: session.backend,
      },
    ];
    for (const patch of noOps) {
      const response = await world.api.patch(`/api/sessions/${session.id}`, patch);
      assert.equal(response.status, 200);
      assert.deepEqual(response.body, session, `${JSON.stringify(patch)} changes nothing`);
    }
    await settle(world, clients);
    assert.deepEqual(
      eventsAbout(client, session.id).map((frame) => frame.event),
      ['session-created'],
    );
    assert.equal(await shardText(world.dataDir, worktreeId), shardBefore);
  });

  test('an event goes out only once its change is on disk', async () => {
    const [client] = await twoClients();
    const worktreeId = await world.newWorktree();
    const pending = createSession(world.api, worktreeId, { name: 'Durable' });
    const frame = await client.waitFor((item) => item.event === 'session-created');
    const { session } = frame.data as { session: Session };
    const stored = await storedSessions(world.dataDir, worktreeId);
    assert.ok(stored.some((item) => item.id === session.id));
    await pending;
  });

  test('reorder sends sessions-reordered with the new order, and nothing when unchanged', async () => {
    const [client] = await twoClients();
    const worktreeId = await world.newWorktree();
    const a = await createSession(world.api, worktreeId);
    const b = await createSession(world.api, worktreeId);
    const url = `/api/worktrees/${worktreeId}/sessions/reorder`;
    await world.api.post(url, { session_ids: [b.id, a.id] });
    await world.api.post(url, { session_ids: [b.id, a.id] });
    await settle(world, clients);
    const reordered = client.events('sessions-reordered').map(withoutSeq);
    assert.deepEqual(reordered, [
      { event: 'sessions-reordered', data: { worktree_id: worktreeId, session_ids: [b.id, a.id] } },
    ]);
  });

  test('two concurrent DELETEs: one 204, one 404, one event', async () => {
    const [client] = await twoClients();
    const session = await createSession(world.api, await world.newWorktree());
    const statuses = await Promise.all([
      world.api.delete(`/api/sessions/${session.id}`),
      world.api.delete(`/api/sessions/${session.id}`),
    ]);
    assert.deepEqual(statuses.map((item) => item.status).sort(), [204, 404]);
    await settle(world, clients);
    const deleted = client
      .events('session-deleted')
      .filter((item) => sessionIdOf(item) === session.id);
    assert.equal(deleted.length, 1);
  });

  test('a client reconnecting with ?since= gets exactly what it missed', async () => {
    const [live] = await twoClients();
    const leaving = await connect(world);
    const hello = leaving.frames[0];
    assert.ok(hello?.event === 'hello');
    const since = hello.seq;
    leaving.close();

    const worktreeId = await world.newWorktree();
    const session = await createSession(world.api, worktreeId);
    await world.api.patch(`/api/sessions/${session.id}`, { thinking_level: 'think' });
    await world.api.post(`/api/sessions/${session.id}/archive`);
    await world.api.delete(`/api/sessions/${session.id}`);
    await settle(world, [live]);
    const missed = live.events().filter((frame) => frame.seq > since);

    const back = await connect(world, `&since=${since}`);
    clients.push(back);
    const welcome = back.frames[0];
    assert.ok(welcome?.event === 'hello');
    assert.equal(welcome.data.replayed, missed.length);
    await back.waitFor((frame) => frame.seq === missed.at(-1)?.seq);
    assert.deepEqual(back.events(), missed, 'the same frames, same seq, in order, once');
    assert.deepEqual(
      eventsAbout(back, session.id).map((frame) => frame.event),
      ['session-created', 'session-updated', 'session-archived', 'session-deleted'],
    );

    const upToDate = await connect(world, `&since=${welcome.seq}`);
    clients.push(upToDate);
    assert.equal((upToDate.frames[0]?.data as { replayed: number }).replayed, 0);
  });
});
