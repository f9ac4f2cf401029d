// The approval broker over a real store and sessions service, without HTTP or a CLI: what it
// saves, announces and tells the CLI for each way an approval ends.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { ApprovalAnswer, ApprovalAsk } from '../agents/shared/types.js';
import type { EventMap, GroveEvent } from '../contract/index.js';
import { ids } from '../test-support/crash-scenario.js';
import { sessionsOverStore } from '../test-support/sessions-service-fixture.js';
import { removeDataDirs } from '../test-support/store-fixture.js';
import { ApprovalBroker } from './approvals.js';

after(removeDataDirs);

const npmTest: ApprovalAsk = {
  tool: 'Bash',
  kind: 'command',
  input: { command: 'npm test' },
  description: 'npm test',
  commandName: 'npm',
};
const npmBuild: ApprovalAsk = { ...npmTest, input: { command: 'npm run build' } };
const gitPush: ApprovalAsk = { ...npmTest, input: { command: 'git push' }, commandName: 'git' };

async function brokerWorld(mode: 'plan' | 'build' | 'yolo' = 'build') {
  const world = await sessionsOverStore();
  const session = await world.sessions.create(ids.worktreeId, { execution_mode: mode });
  await world.sessions.setRunStatus(session.id, 'running');
  const broker = new ApprovalBroker(world.context, world.sessions);
  const current = () => world.sessions.get(session.id);
  /** Asks the user (the policy must leave it to them); resolves once it is announced. */
  const ask = (question: ApprovalAsk) =>
    new Promise<{ answer: Promise<ApprovalAnswer>; id: string }>((resolve) => {
      const stop = world.context.hub.subscribe(({ event, data }) => {
        if (event !== 'approval-requested') return;
        stop();
        resolve({ answer, id: (data as EventMap['approval-requested']).approval.id });
      });
      const answer = broker.request(session.id, question);
    });
  const resolved = () =>
    world.events.flatMap((event: GroveEvent) =>
      event.event === 'approval-resolved' ? [[event.data.approval_id, event.data.decision]] : [],
    );
  return { ...world, session, broker, current, ask, resolved };
}

describe('the policy answers first', () => {
  test('plan denies, yolo allows, and neither saves nor announces anything', async () => {
    for (const mode of ['plan', 'yolo'] as const) {
      const { broker, session, events, current } = await brokerWorld(mode);
      const count = events.length;
      const answer = await broker.request(session.id, npmTest);
      assert.equal(answer.behavior, mode === 'plan' ? 'deny' : 'allow');
      assert.equal(events.length, count);
      assert.deepEqual(current().pending_approvals, []);
      assert.equal(current().status, 'running');
    }
  });
});

describe('a question for the user', () => {
  test('waits saved and announced; an allow runs the session again and tells the CLI', async () => {
    const { ask, current, broker, session, events, resolved } = await brokerWorld();
    const { answer, id } = await ask(npmTest);
    assert.equal(current().status, 'awaiting_approval');
    assert.deepEqual(
      current().pending_approvals.map((item) => [item.id, item.tool, item.command_name]),
      [[id, 'Bash', 'npm']],
    );
    const requested = events.find((event) => event.event === 'approval-requested');
    assert.deepEqual(requested?.data, {
      session_id: session.id,
      worktree_id: ids.worktreeId,
      approval: current().pending_approvals[0],
    });
    const answered = await broker.answer(session.id, id, 'allow', 'ignored');
    assert.deepEqual(answered, { session_id: session.id, approval_id: id, decision: 'allow' });
    assert.deepEqual(await answer, { behavior: 'allow', always: false });
    assert.equal(current().status, 'running');
    assert.deepEqual(current().pending_approvals, []);
    assert.deepEqual(current().approval_rules, []);
    assert.deepEqual(resolved(), [[id, 'allow']]);
    await assert.rejects(broker.answer(session.id, id, 'deny', undefined), {
      code: 'approval-not-pending',
      message: `Approval ${id} is no longer waiting: it was answered (allow).`,
    });
  });

  test("a deny carries the user's trimmed words, or says the user denied it", async () => {
    const { ask, broker, session } = await brokerWorld();
    const first = await ask(npmTest);
    await broker.answer(session.id, first.id, 'deny', '  use pnpm \n');
    assert.deepEqual(await first.answer, { behavior: 'deny', message: 'use pnpm' });
    const second = await ask(npmTest);
    await broker.answer(session.id, second.id, 'deny', ' ');
    assert.deepEqual(await second.answer, {
      behavior: 'deny',
      message: 'The user denied this tool call.',
    });
  });

  test('the session stays waiting until its last question is answered', async () => {
    const { ask, broker, session, current } = await brokerWorld();
    const first = await ask(npmTest);
    const second = await ask(gitPush);
    await broker.answer(session.id, first.id, 'allow', undefined);
    assert.equal(current().status, 'awaiting_approval');
    assert.deepEqual(
      current().pending_approvals.map((item) => item.id),
      [second.id],
    );
    await broker.answer(session.id, second.id, 'allow', undefined);
    assert.equal(current().status, 'running');
  });

  test('allow-always adds the rule and answers the waiting questions it covers', async () => {
    const { ask, broker, session, current, resolved } = await brokerWorld();
    const first = await ask(npmTest);
    const covered = await ask(npmBuild);
    const other = await ask(gitPush);
    await broker.answer(session.id, first.id, 'allow-always', undefined);
    assert.deepEqual(await first.answer, { behavior: 'allow', always: true });
    assert.deepEqual(await covered.answer, { behavior: 'allow', always: false });
    assert.deepEqual(current().approval_rules, [{ tool: 'Bash', command_name: 'npm' }]);
    assert.deepEqual(
      current().pending_approvals.map((item) => item.id),
      [other.id],
    );
    assert.deepEqual(resolved(), [
      [first.id, 'allow-always'],
      [covered.id, 'allow'],
    ]);
    const next = await broker.request(session.id, npmTest);
    assert.deepEqual(next, { behavior: 'allow', always: false }, 'the rule answers at once');
  });

  test('an unknown approval, or one of another session, is not found', async () => {
    const { ask, broker, session, sessions } = await brokerWorld();
    const { id } = await ask(npmTest);
    const stranger = await sessions.create(ids.worktreeId, {});
    await assert.rejects(broker.answer(stranger.id, id, 'allow', undefined), { code: 'not-found' });
    await assert.rejects(
      broker.answer(session.id, '00000000-0000-4000-8000-0000000000ff', 'allow', undefined),
      { code: 'not-found' },
    );
    await broker.cancelSession(stranger.id);
    await broker.answer(session.id, id, 'allow', undefined);
  });
});

describe('questions that end unanswered', () => {
  test("a cancelled run's questions are denied, cleared and answer 409 afterwards", async () => {
    const { ask, broker, session, current, resolved } = await brokerWorld();
    const first = await ask(npmTest);
    const second = await ask(gitPush);
    await broker.cancelSession(session.id);
    const denial = { behavior: 'deny', message: 'The user cancelled the run before answering.' };
    assert.deepEqual(await first.answer, denial);
    assert.deepEqual(await second.answer, denial);
    assert.deepEqual(current().pending_approvals, []);
    assert.equal(current().status, 'running');
    assert.deepEqual(resolved(), [
      [first.id, 'cancelled'],
      [second.id, 'cancelled'],
    ]);
    await assert.rejects(broker.answer(session.id, first.id, 'allow', undefined), {
      message: `Approval ${first.id} is no longer waiting: it was cancelled with its run.`,
    });
  });

  test('after a restart the saved questions are announced expired and answer 409', async () => {
    const { ask, broker, session, current, context, sessions, resolved } = await brokerWorld();
    const { id } = await ask(npmTest);
    const restarted = new ApprovalBroker(context, sessions);
    restarted.expire(current());
    assert.deepEqual(resolved(), [[id, 'expired']]);
    await assert.rejects(restarted.answer(session.id, id, 'allow', undefined), {
      code: 'approval-not-pending',
      message: `Approval ${id} is no longer waiting: it was expired when Grove restarted.`,
    });
    await broker.cancelSession(session.id);
  });

  test('a question the disk refuses is denied at once; an answer it refuses can be retried', async () => {
    const { ask, broker, session, disk, current, logs } = await brokerWorld();
    disk.full = true;
    const refused = await broker.request(session.id, npmTest);
    assert.equal(refused.behavior, 'deny');
    assert.match(
      refused.behavior === 'deny' ? refused.message : '',
      /^Grove could not save the question: .*ENOSPC/,
    );
    assert.ok(
      logs.some((line) => line.includes(`could not save an approval of session ${session.id}`)),
    );
    assert.equal(current().status, 'running');

    disk.full = false;
    const { id, answer } = await ask(npmTest);
    disk.full = true;
    await assert.rejects(broker.answer(session.id, id, 'allow', undefined), /ENOSPC/);
    assert.equal(current().status, 'awaiting_approval');
    disk.full = false;
    await broker.answer(session.id, id, 'deny', 'no');
    assert.deepEqual(await answer, { behavior: 'deny', message: 'no' });
  });
});
