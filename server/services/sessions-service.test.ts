// The sessions service over a real store, without HTTP: what each call saves, answers and
// broadcasts, and what it leaves alone. Quick enough to run first against every mutant.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { GroveEvent } from '../contract/index.js';
import { ids } from '../test-support/crash-scenario.js';
import { sessionsOverStore } from '../test-support/sessions-service-fixture.js';
import { removeDataDirs } from '../test-support/store-fixture.js';

after(removeDataDirs);

const kinds = (events: GroveEvent[]) => events.map((event) => event.event);

describe('creating sessions', () => {
  test('names them "Session N" above the highest, unless named, and takes the defaults', async () => {
    const { sessions, events, names } = await sessionsOverStore();
    const first = await sessions.create(ids.worktreeId, {});
    assert.equal(first.name, 'Session 1');
    assert.equal(first.named_by_user, false);
    assert.equal(first.backend, 'claude');
    assert.equal(first.model, 'sonnet');
    assert.equal(first.execution_mode, 'plan');
    assert.equal(first.thinking_level, 'off');
    assert.equal(first.status, 'idle');
    assert.equal(first.awaiting_plan_approval, false);
    assert.deepEqual(events.at(-1), { event: 'session-created', data: { session: first } });

    const named = await sessions.create(ids.worktreeId, { name: 'Session 99999999999999999999' });
    assert.equal(named.named_by_user, true);
    await sessions.create(ids.worktreeId, { name: 'Session 7' });
    // Only a name that is exactly "Session N" counts.
    await sessions.create(ids.worktreeId, { name: 'My Session 40' });
    await sessions.create(ids.worktreeId, { name: 'Session 50 notes' });
    const codex = await sessions.create(ids.worktreeId, {
      backend: 'codex',
      thinking_level: 'think',
    });
    assert.equal(codex.name, 'Session 8', 'an unsafe number is no session number');
    assert.deepEqual(
      [codex.backend, codex.model, codex.thinking_level],
      ['codex', 'gpt-5.5', 'think'],
    );
    assert.deepEqual(names(), [
      'Session 1',
      'Session 99999999999999999999',
      'Session 7',
      'My Session 40',
      'Session 50 notes',
      'Session 8',
    ]);
  });
});

describe('changing a session', () => {
  test('a rename marks it named by its user, so automatic names no longer apply', async () => {
    const { sessions } = await sessionsOverStore();
    const { id } = await sessions.create(ids.worktreeId, {});
    assert.equal((await sessions.autoName(id, 'Fix the date parser')).name, 'Fix the date parser');
    assert.equal(sessions.get(id).named_by_user, false);
    await sessions.update(id, { thinking_level: 'think' });
    assert.equal(sessions.get(id).named_by_user, false, 'only a name counts as naming it');
    const renamed = await sessions.update(id, { name: 'Mine' });
    assert.equal(renamed.named_by_user, true);
    assert.equal((await sessions.autoName(id, 'Other')).name, 'Mine');
    assert.equal((await sessions.update(id, { execution_mode: 'yolo' })).named_by_user, true);
  });

  test("a backend switch without a model takes the new backend's default; with one, keeps it", async () => {
    const { sessions } = await sessionsOverStore();
    const { id } = await sessions.create(ids.worktreeId, { model: 'opus' });
    assert.equal((await sessions.update(id, { thinking_level: 'think' })).model, 'opus');
    assert.equal((await sessions.update(id, { backend: 'claude' })).model, 'opus');
    assert.equal((await sessions.update(id, { backend: 'codex' })).model, 'gpt-5.5');
    const chosen = await sessions.update(id, { backend: 'opencode', model: 'stub/x' });
    assert.equal(chosen.model, 'stub/x');
  });

  test('a change broadcasts only the changed fields; no change writes and sends nothing', async () => {
    const { sessions, events, disk, store } = await sessionsOverStore();
    const created = await sessions.create(ids.worktreeId, {});
    const writes = disk.shardWrites;
    const same = await sessions.apply(created.id, (session) => ({ ...session }));
    assert.deepEqual(same, created);
    assert.equal(disk.shardWrites, writes);
    assert.deepEqual(kinds(events), ['session-created']);

    const changed = await sessions.apply(created.id, (session) => ({
      ...session,
      status: 'running',
    }));
    assert.equal(disk.shardWrites, writes + 1);
    assert.equal(store.findSession(created.id)?.status, 'running');
    const update = events.at(-1);
    assert.equal(update?.event, 'session-updated');
    const updates = update?.event === 'session-updated' ? update.data.updates : {};
    // `updated_at` changes too unless the write falls in the second the session was created.
    assert.deepEqual(
      Object.keys(updates).filter((key) => key !== 'updated_at'),
      ['status'],
    );
    assert.equal(updates.status, 'running');
    assert.equal(changed.status, 'running');
  });
});

describe('archiving', () => {
  test('hides a session from the plain list; archiving again keeps the first time, sends nothing', async () => {
    const { sessions, events, names } = await sessionsOverStore();
    const { id } = await sessions.create(ids.worktreeId, {});
    const archived = await sessions.setArchived(id, true);
    assert.notEqual(archived.archived_at, null);
    assert.deepEqual(names(false), []);
    assert.deepEqual(names(true), ['Session 1']);
    assert.deepEqual(events.at(-1), { event: 'session-archived', data: { session_id: id } });
    const count = events.length;
    const again = await sessions.setArchived(id, true);
    assert.equal(again.archived_at, archived.archived_at);
    assert.equal(events.length, count);
    const restored = await sessions.setArchived(id, false);
    assert.equal(restored.archived_at, null);
    assert.deepEqual(events.at(-1), { event: 'session-unarchived', data: { session_id: id } });
    await sessions.setArchived(id, false);
    assert.equal(events.length, count + 1);
  });
});

describe('tab order', () => {
  test('listed sessions first, the rest after them in their order; an unknown id is refused', async () => {
    const { sessions, events, disk, names } = await sessionsOverStore();
    const [one, two, three] = [
      await sessions.create(ids.worktreeId, {}),
      await sessions.create(ids.worktreeId, {}),
      await sessions.create(ids.worktreeId, {}),
    ];
    assert.ok(one && two && three);
    const writes = disk.shardWrites;
    const unchanged = await sessions.reorder(ids.worktreeId, [one.id, two.id]);
    assert.deepEqual(
      unchanged.map((session) => session.id),
      [one.id, two.id, three.id],
    );
    assert.equal(disk.shardWrites, writes, 'the same order writes nothing');
    assert.equal(events.at(-1)?.event, 'session-created');

    // An archived session keeps its place in the order too.
    await sessions.setArchived(three.id, true);
    const sorted = await sessions.reorder(ids.worktreeId, [three.id]);
    assert.deepEqual(
      sorted.map((session) => session.name),
      ['Session 3', 'Session 1', 'Session 2'],
    );
    assert.deepEqual(names(), ['Session 3', 'Session 1', 'Session 2']);
    assert.deepEqual(events.at(-1), {
      event: 'sessions-reordered',
      data: { worktree_id: ids.worktreeId, session_ids: [three.id, one.id, two.id] },
    });

    const stranger = '00000000-0000-4000-8000-0000000000aa';
    await assert.rejects(sessions.reorder(ids.worktreeId, [one.id, stranger]), {
      code: 'invalid-request',
      field: 'session_ids',
      message: `session_ids: ${stranger} is not in this worktree.`,
    });
  });
});

describe('deleting', () => {
  test('stops the session first, then removes it and says so once', async () => {
    const { sessions, events, deleted, store } = await sessionsOverStore();
    const kept = await sessions.create(ids.worktreeId, {});
    const gone = await sessions.create(ids.worktreeId, {});
    await sessions.remove(gone.id);
    assert.deepEqual(
      deleted.map((session) => session.id),
      [gone.id],
    );
    assert.equal(store.findSession(gone.id), undefined);
    assert.equal(store.findSession(kept.id)?.id, kept.id);
    assert.deepEqual(events.at(-1), { event: 'session-deleted', data: { session_id: gone.id } });
    await assert.rejects(sessions.remove(gone.id), {
      code: 'not-found',
      message: `No session with id ${gone.id}.`,
    });
    assert.throws(() => sessions.get(gone.id), {
      code: 'not-found',
      message: `No session with id ${gone.id}.`,
    });
  });

  test('two deletes at once: one wins, the other is not found, and nothing else goes', async () => {
    const { sessions, events, store } = await sessionsOverStore();
    const kept = await sessions.create(ids.worktreeId, {});
    const gone = await sessions.create(ids.worktreeId, {});
    const revision = sessions.unsavedRevision;
    const results = await Promise.allSettled([sessions.remove(gone.id), sessions.remove(gone.id)]);
    assert.deepEqual(
      results.map((result) => result.status),
      ['fulfilled', 'rejected'],
    );
    const [, lost] = results;
    assert.equal(
      lost?.status === 'rejected' && lost.reason.message,
      `No session with id ${gone.id}.`,
    );
    assert.equal(store.findSession(kept.id)?.id, kept.id);
    assert.equal(kinds(events).filter((kind) => kind === 'session-deleted').length, 1);
    assert.equal(sessions.unsavedRevision, revision, 'no unsaved status, no new revision');
  });
});

describe('a status kept unsaved', () => {
  test('changes the read revision when kept, when saved, and when its session goes', async () => {
    const { sessions, disk } = await sessionsOverStore();
    const { id } = await sessions.create(ids.worktreeId, {});
    const revisions = [sessions.unsavedRevision];
    await sessions.setRunStatus(id, 'running');
    assert.equal(sessions.unsavedRevision, revisions[0], 'a saved status needs no new revision');
    disk.full = true;
    await sessions.setRunStatus(id, 'idle');
    revisions.push(sessions.unsavedRevision);
    disk.full = false;
    await sessions.update(id, { name: 'saved' });
    revisions.push(sessions.unsavedRevision);
    disk.full = true;
    await sessions.setRunStatus(id, 'error');
    revisions.push(sessions.unsavedRevision);
    disk.full = false;
    await sessions.remove(id);
    revisions.push(sessions.unsavedRevision);
    assert.equal(new Set(revisions).size, revisions.length, `distinct: ${revisions.join(', ')}`);
    assert.deepEqual(
      revisions,
      [...revisions].sort((a, b) => a - b),
      'revisions only grow',
    );
  });
});
