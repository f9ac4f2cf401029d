// Message history (GET with messages, paging), delete from disk, and persistence across restarts.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SessionWithMessages, type Message } from '../contract/index.js';
import { startTestServer } from '../test-support/harness.js';
import {
  createSession,
  listSessions,
  seedMessages,
  storedSessions,
  startWorld,
  transcriptFile,
  type SessionsWorld,
} from '../test-support/sessions-fixture.js';

const ids = (sessions: readonly { id: string }[]) => sessions.map((session) => session.id);

describe('Sessions API: history and delete', () => {
  let world: SessionsWorld;
  /** For tests that neither count nor order the worktree's sessions. */
  let shared: string;
  before(async () => {
    world = await startWorld();
    shared = await world.newWorktree();
  });
  after(() => world.close());

  const page = async (sessionId: string, query: string) => {
    const response = await world.api.get(`/api/sessions/${sessionId}/messages${query}`);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return response.body as {
      messages: Message[];
      has_more: boolean;
      offset: number;
      total: number;
    };
  };

  test('GET /api/sessions/:id carries the whole history, oldest first', async () => {
    const session = await createSession(world.api, shared);
    const seeded = await seedMessages(world.dataDir, session.id, 5);
    const response = await world.api.get(`/api/sessions/${session.id}`);
    assert.equal(response.status, 200);
    assert.deepEqual(SessionWithMessages.parse(response.body).messages, seeded);
  });

  test('GET /messages pages backwards with before and limit', async () => {
    const session = await createSession(world.api, shared);
    const seeded = await seedMessages(world.dataDir, session.id, 7);
    const at = (index: number) => seeded[index]?.id ?? assert.fail(`no message ${index}`);

    assert.deepEqual(await page(session.id, ''), {
      messages: seeded,
      has_more: false,
      offset: 0,
      total: 7,
    });
    assert.deepEqual(await page(session.id, '?limit=3'), {
      messages: seeded.slice(4),
      has_more: true,
      offset: 4,
      total: 7,
    });
    assert.deepEqual(await page(session.id, `?before=${at(4)}&limit=3`), {
      messages: seeded.slice(1, 4),
      has_more: true,
      offset: 1,
      total: 7,
    });
    assert.deepEqual(await page(session.id, `?before=${at(1)}&limit=3`), {
      messages: seeded.slice(0, 1),
      has_more: false,
      offset: 0,
      total: 7,
    });
    assert.deepEqual(await page(session.id, `?before=${at(0)}`), {
      messages: [],
      has_more: false,
      offset: 0,
      total: 7,
    });
    assert.deepEqual(await page(session.id, `?before=${at(3)}&limit=3`), {
      messages: seeded.slice(0, 3),
      has_more: false,
      offset: 0,
      total: 7,
    });
  });

  test('GET /messages defaults to the newest 100 and accepts up to 500', async () => {
    const session = await createSession(world.api, shared);
    const seeded = await seedMessages(world.dataDir, session.id, 105);
    assert.deepEqual(await page(session.id, ''), {
      messages: seeded.slice(5),
      has_more: true,
      offset: 5,
      total: 105,
    });
    assert.deepEqual(await page(session.id, '?limit=500'), {
      messages: seeded,
      has_more: false,
      offset: 0,
      total: 105,
    });
  });

  test('GET /messages with offset answers the window at that index, clamped to the history', async () => {
    const session = await createSession(world.api, shared);
    const seeded = await seedMessages(world.dataDir, session.id, 10);
    assert.deepEqual(await page(session.id, '?offset=0&limit=3'), {
      messages: seeded.slice(0, 3),
      has_more: false,
      offset: 0,
      total: 10,
    });
    assert.deepEqual(await page(session.id, '?offset=4&limit=3'), {
      messages: seeded.slice(4, 7),
      has_more: true,
      offset: 4,
      total: 10,
    });
    assert.deepEqual(await page(session.id, '?offset=8&limit=5'), {
      messages: seeded.slice(8),
      has_more: true,
      offset: 8,
      total: 10,
    });
    assert.deepEqual(await page(session.id, '?offset=50'), {
      messages: [],
      has_more: true,
      offset: 10,
      total: 10,
    });
    const both = await world.api.get(
      `/api/sessions/${session.id}/messages?offset=1&before=${seeded[5]?.id ?? ''}`,
    );
    assert.equal(both.status, 400);
    assert.equal(both.body.error.code, 'invalid-request');
  });

  test('GET /messages with a before that is not in the session is a 404', async () => {
    const session = await createSession(world.api, shared);
    await seedMessages(world.dataDir, session.id, 2);
    const response = await world.api.get(
      `/api/sessions/${session.id}/messages?before=${session.id}`,
    );
    assert.equal(response.status, 404);
    assert.equal(response.body.error.code, 'not-found');
  });

  test('DELETE answers 204 and removes the session, its transcript and its run logs from disk', async () => {
    const worktreeId = await world.newWorktree();
    const keep = await createSession(world.api, worktreeId, { name: 'keep' });
    const doomed = await createSession(world.api, worktreeId, { name: 'doomed' });
    await seedMessages(world.dataDir, doomed.id, 3);
    await seedMessages(world.dataDir, keep.id, 1);
    const transcript = transcriptFile(world.dataDir, doomed.id);
    const runLogs = path.join(world.dataDir, 'transcripts', `${doomed.id}.runs`);
    await mkdir(runLogs);
    await writeFile(path.join(runLogs, 'run.log'), 'raw output\n');
    assert.ok(existsSync(transcript));

    const response = await world.api.delete(`/api/sessions/${doomed.id}`);
    assert.equal(response.status, 204);
    assert.equal(response.body, null, 'no body');
    assert.ok(!existsSync(transcript), 'transcript file removed');
    assert.ok(!existsSync(runLogs), 'run logs removed');
    assert.ok(existsSync(transcriptFile(world.dataDir, keep.id)), 'other transcripts kept');
    const stored = await storedSessions(world.dataDir, worktreeId);
    assert.ok(!stored.some((item) => item.id === doomed.id), 'gone from disk');
    assert.equal((await world.api.get(`/api/sessions/${doomed.id}`)).status, 404);
    assert.equal((await world.api.get(`/api/sessions/${doomed.id}/messages`)).status, 404);
    assert.equal((await world.api.delete(`/api/sessions/${doomed.id}`)).status, 404);
    assert.deepEqual(ids(await listSessions(world.api, worktreeId, true)), [keep.id]);
  });

  test('an archived session keeps its history', async () => {
    const session = await createSession(world.api, shared);
    const seeded = await seedMessages(world.dataDir, session.id, 2);
    await world.api.post(`/api/sessions/${session.id}/archive`);
    assert.deepEqual((await world.api.get(`/api/sessions/${session.id}`)).body.messages, seeded);
  });
});

test('sessions, their order and history survive a restart', async () => {
  const world = await startWorld();
  try {
    const worktreeId = await world.newWorktree();
    const [a, b] = [
      await createSession(world.api, worktreeId),
      await createSession(world.api, worktreeId),
    ];
    assert.ok(a && b);
    await world.api.post(`/api/worktrees/${worktreeId}/sessions/reorder`, { session_ids: [b.id] });
    await world.api.post(`/api/sessions/${a.id}/archive`);
    const seeded = await seedMessages(world.dataDir, b.id, 2);
    const beforeRestart = await listSessions(world.api, worktreeId, true);
    await world.stop();

    const restarted = await startTestServer({ dataDir: world.dataDir });
    try {
      const list = await restarted.api.get(
        `/api/worktrees/${worktreeId}/sessions?include_archived=true`,
      );
      assert.deepEqual(list.body, beforeRestart);
      assert.deepEqual((await restarted.api.get(`/api/sessions/${b.id}`)).body.messages, seeded);
      const next = await restarted.api.post(`/api/worktrees/${worktreeId}/sessions`);
      assert.equal(next.body.name, 'Session 3');
    } finally {
      await restarted.close();
    }
  } finally {
    await world.close();
  }
});
