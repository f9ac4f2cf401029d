import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EventMap } from '../contract/index.js';
import {
  everyBufferedEvent,
  gitStatus,
  isEvent,
  newSession,
  npmTest,
  requestedIn,
  resolvedIn,
  startRun,
  world,
} from '../test-support/approvals-world.js';
import { shardCrashImage } from '../test-support/sessions-fixture.js';

describe('approvals: parallel asks', () => {
  it('allow-always on one answers the other waiting asks it covers, and only those', async () => {
    const w = await world();
    const session = await newSession(w.test, 'build');
    const turn = await startRun(w, session);
    const asks = [npmTest, { ...npmTest, input: { command: 'npm run lint' } }, gitStatus].map(
      (ask) => turn.io.requestApproval(ask),
    );
    const requested = await w.windows[0]!.waitFor(
      () => w.windows[0]!.events('approval-requested').length === 3,
    ).then(() =>
      w.windows[0]!.events('approval-requested').map(
        (frame) => (frame.data as EventMap['approval-requested']).approval,
      ),
    );
    const first = requested.find((item) => item.command_name === 'npm')!;
    await w.api.post(`/api/sessions/${session.id}/approvals/${first.id}`, {
      decision: 'allow-always',
    });
    assert.equal((await asks[0])!.behavior, 'allow');
    assert.equal((await asks[1])!.behavior, 'allow');
    const left = await w.api.get(`/api/sessions/${session.id}`);
    assert.deepEqual(
      left.body.pending_approvals.map((item: { command_name: string }) => item.command_name),
      ['git'],
    );
    assert.equal(left.body.status, 'awaiting_approval');
    const git = requested.find((item) => item.command_name === 'git')!;
    await w.api.post(`/api/sessions/${session.id}/approvals/${git.id}`, { decision: 'deny' });
    assert.equal((await asks[2])!.behavior, 'deny');
    turn.end();
  });
});

describe('approvals: a run that stops while one waits', () => {
  it('cancel ends the run, resolves the approval as cancelled and tells the CLI no', async () => {
    const w = await world();
    const session = await newSession(w.test, 'build');
    const turn = await startRun(w, session);
    const answer = turn.io.requestApproval(npmTest);
    const approval = await requestedIn(w.windows[0]!, session.id);
    const cancelled = await w.api.post(`/api/sessions/${session.id}/cancel`);
    assert.deepEqual(cancelled.body, { cancelled: true });
    assert.equal((await answer).behavior, 'deny');
    for (const window of w.windows)
      assert.equal(await resolvedIn(window, approval.id), 'cancelled');
    await w.windows[0]!.waitFor(isEvent('run-cancelled', (data) => data.session_id === session.id));
    const after = await w.api.get(`/api/sessions/${session.id}`);
    assert.equal(after.body.status, 'idle');
    assert.deepEqual(after.body.pending_approvals, []);
    const late = await w.api.post(`/api/sessions/${session.id}/approvals/${approval.id}`, {
      decision: 'allow',
    });
    assert.equal(late.status, 409);
  });

  it('a restart expires it: announced, answered 409, and the run marked interrupted', async () => {
    const w = await world();
    const session = await newSession(w.test, 'build');
    const turn = await startRun(w, session);
    void turn.io.requestApproval(npmTest);
    const approval = await requestedIn(w.windows[0]!, session.id);
    // What a crash leaves on disk: the shard as it was while the approval waited.
    const restoreCrashImage = await shardCrashImage(w.test.dataDir, session.worktree_id);
    await w.close();
    await restoreCrashImage();

    const again = await world(w.test.dataDir);
    // Published during start-up, before any client could connect: read from the hub's buffer.
    const expired = everyBufferedEvent(again.test.server.hub).find(
      isEvent('approval-resolved', (data) => data.approval_id === approval.id),
    );
    assert.equal((expired?.data as EventMap['approval-resolved'] | undefined)?.decision, 'expired');
    const late = await again.api.post(`/api/sessions/${session.id}/approvals/${approval.id}`, {
      decision: 'allow',
    });
    assert.equal(late.status, 409);
    assert.match(late.body.error.message, /expired/);
    const stored = await again.api.get(`/api/sessions/${session.id}`);
    assert.equal(stored.body.status, 'idle');
    assert.deepEqual(stored.body.pending_approvals, []);
    assert.equal(stored.body.messages.at(-1).status, 'interrupted');
  });
});
