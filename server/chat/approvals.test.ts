import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PLAN_MODE_DENIAL } from './approval-policy.js';
import {
  gitStatus,
  isEvent,
  newSession,
  npmTest,
  requestedIn,
  resolvedIn,
  startRun,
  world,
  writeFileAsk,
} from '../test-support/approvals-world.js';
import type { EventMap } from '../contract/index.js';

describe('approvals: the mode decides first', () => {
  it('plan denies every ask at once, saying why; nothing is asked', async () => {
    const w = await world();
    const session = await newSession(w.test, 'plan');
    const turn = await startRun(w, session);
    assert.deepEqual(await turn.io.requestApproval(writeFileAsk), {
      behavior: 'deny',
      message: PLAN_MODE_DENIAL,
    });
    assert.equal((await turn.io.requestApproval(npmTest)).behavior, 'deny');
    turn.end();
    await w.windows[0]!.waitFor(isEvent('run-completed', (data) => data.session_id === session.id));
    assert.equal(w.windows[0]!.events('approval-requested').length, 0);
  });

  it('build allows edits at once and asks for commands; yolo allows everything', async () => {
    const w = await world();
    const build = await newSession(w.test, 'build');
    const buildTurn = await startRun(w, build);
    assert.deepEqual(await buildTurn.io.requestApproval(writeFileAsk), {
      behavior: 'allow',
      always: false,
    });
    const asked = buildTurn.io.requestApproval({ ...npmTest, tool: 'WebFetch', kind: 'other' });
    const approval = await requestedIn(w.windows[0]!, build.id);
    assert.equal(approval.kind, 'other');
    await w.api.post(`/api/sessions/${build.id}/approvals/${approval.id}`, { decision: 'allow' });
    assert.equal((await asked).behavior, 'allow');
    buildTurn.end();

    const yolo = await newSession(w.test, 'yolo');
    const yoloTurn = await startRun(w, yolo, 1);
    assert.deepEqual(await yoloTurn.io.requestApproval(npmTest), {
      behavior: 'allow',
      always: false,
    });
    yoloTurn.end();
    await w.windows[0]!.waitFor(isEvent('run-completed', (data) => data.session_id === yolo.id));
    const requested = w.windows[0]!.events('approval-requested');
    assert.equal(requested.length, 1);
  });
});

describe('approvals: the user decides', () => {
  it('allow: both windows see the question and the answer; the session waits, then runs', async () => {
    const w = await world();
    const session = await newSession(w.test, 'build');
    const turn = await startRun(w, session);
    const answer = turn.io.requestApproval(npmTest);
    const [approval, seenByOther] = await Promise.all(
      w.windows.map((window) => requestedIn(window, session.id)),
    );
    assert.deepEqual(seenByOther, approval);
    assert.equal(approval!.tool, 'Bash');
    assert.equal(approval!.description, 'npm test');
    assert.equal(approval!.command_name, 'npm');
    assert.deepEqual(approval!.input, { command: 'npm test' });

    const waiting = await w.api.get(`/api/sessions/${session.id}`);
    assert.equal(waiting.body.status, 'awaiting_approval');
    assert.deepEqual(waiting.body.pending_approvals, [approval]);

    const url = `/api/sessions/${session.id}/approvals/${approval!.id}`;
    const allowed = await w.api.post(url, { decision: 'allow' });
    assert.equal(allowed.status, 200, JSON.stringify(allowed.body));
    assert.deepEqual(await answer, { behavior: 'allow', always: false });
    for (const window of w.windows) assert.equal(await resolvedIn(window, approval!.id), 'allow');
    const running = await w.api.get(`/api/sessions/${session.id}`);
    assert.equal(running.body.status, 'running');
    assert.deepEqual(running.body.pending_approvals, []);

    const again = await w.api.post(url, { decision: 'deny' });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'approval-not-pending');
    const unknown = await w.api.post(
      `/api/sessions/${session.id}/approvals/0b5f3c1e-2d4a-4b6c-8e0f-1a3c5e7f9b2d`,
      { decision: 'allow' },
    );
    assert.equal(unknown.status, 404);
    turn.end();
  });

  it('deny hands the message to the CLI', async () => {
    const w = await world();
    const session = await newSession(w.test, 'build');
    const turn = await startRun(w, session);
    const answer = turn.io.requestApproval(npmTest);
    const approval = await requestedIn(w.windows[0]!, session.id);
    const denied = await w.api.post(`/api/sessions/${session.id}/approvals/${approval.id}`, {
      decision: 'deny',
      message: 'Run the unit tests only.',
    });
    assert.equal(denied.status, 200);
    assert.deepEqual(await answer, { behavior: 'deny', message: 'Run the unit tests only.' });
    assert.equal(await resolvedIn(w.windows[1]!, approval.id), 'deny');
    turn.end();
  });

  it('allow-always allows the same command name from then on, until PATCH clears the rules', async () => {
    const w = await world();
    const session = await newSession(w.test, 'build');
    const turn = await startRun(w, session);
    const first = turn.io.requestApproval(npmTest);
    const approval = await requestedIn(w.windows[0]!, session.id);
    await w.api.post(`/api/sessions/${session.id}/approvals/${approval.id}`, {
      decision: 'allow-always',
    });
    assert.deepEqual(await first, { behavior: 'allow', always: true });
    const withRule = await w.api.get(`/api/sessions/${session.id}`);
    assert.deepEqual(withRule.body.approval_rules, [{ tool: 'Bash', command_name: 'npm' }]);

    assert.deepEqual(
      await turn.io.requestApproval({ ...npmTest, input: { command: 'npm run build' } }),
      {
        behavior: 'allow',
        always: false,
      },
    );
    // Another command name still asks.
    const other = turn.io.requestApproval(gitStatus);
    const gitApproval = await w.windows[0]!.waitFor(
      isEvent('approval-requested', (data) => data.approval.command_name === 'git'),
    );
    const gitId = (gitApproval.data as EventMap['approval-requested']).approval.id;
    await w.api.post(`/api/sessions/${session.id}/approvals/${gitId}`, { decision: 'allow' });
    assert.equal((await other).behavior, 'allow');

    const cleared = await w.api.patch(`/api/sessions/${session.id}`, { approval_rules: [] });
    assert.equal(cleared.status, 200);
    assert.deepEqual(cleared.body.approval_rules, []);
    const askedAgain = turn.io.requestApproval(npmTest);
    const third = await w.windows[0]!.waitFor(
      isEvent(
        'approval-requested',
        (data) => data.approval.id !== approval.id && data.approval.command_name === 'npm',
      ),
    );
    const thirdId = (third.data as EventMap['approval-requested']).approval.id;
    await w.api.post(`/api/sessions/${session.id}/approvals/${thirdId}`, { decision: 'deny' });
    assert.equal((await askedAgain).behavior, 'deny');
    turn.end();
  });
});
