import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startChatRig, streamedText, type ChatRig } from './chat-harness.js';
import { cancelOneOfTwoTurns, runLog } from './warm-scenarios.js';
import { processesIn, until } from '../../server/test-support/processes.js';

describe('Claude: the conversation’s process stays warm between turns', () => {
  let rig: ChatRig;
  before(async () => {
    rig = await startChatRig('claude');
  });
  after(() => rig.close());

  /** The Claude processes in the worktree: one per session kept warm. */
  const claudePids = () =>
    processesIn(rig.repo)
      .filter((item) => /claude/.test(item.command))
      .map((item) => item.pid);
  const newSession = async (mode = 'build') =>
    (await rig.createSession({ execution_mode: mode })).id;
  const runLogOf = (sessionId: string, runId: string) => runLog(rig, sessionId, runId);

  test('a follow-up is written to the same process', async () => {
    rig.stub.script('Warm lima', [[{ text: 'Lima.' }]]);
    rig.stub.script('Warm mike', [[{ text: 'Mike.' }]]);
    const id = await newSession();
    assert.equal((await rig.converse(id, 'Warm lima')).terminal.event, 'run-completed');
    const warm = claudePids();
    assert.equal(warm.length, 1, 'the process outlives the turn');
    const followUp = await rig.converse(id, 'Warm mike');
    assert.equal(followUp.terminal.event, 'run-completed', JSON.stringify(followUp.terminal.data));
    assert.equal(streamedText(followUp.frames), 'Mike.');
    assert.deepEqual(claudePids(), warm, 'the same process took the follow-up');
  });

  test('cancel stops only that session’s turn', async () => {
    await cancelOneOfTwoTurns(rig, () => newSession());
  });

  test('a mode or model switch between turns takes effect', async () => {
    rig.stub.script('Switch papa', [[{ text: 'Papa.' }]]);
    rig.stub.script('Switch quebec', [[{ text: 'Quebec.' }]]);
    const id = await newSession('build');
    await rig.converse(id, 'Switch papa');
    const patched = await rig.test.api.patch(`/api/sessions/${id}`, {
      execution_mode: 'plan',
      model: 'haiku',
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    const switched = await rig.converse(id, 'Switch quebec');
    assert.equal(switched.terminal.event, 'run-completed', JSON.stringify(switched.terminal.data));
    // A new process resumed the conversation with the new settings (no control request fits a
    // model change), and the CLI ran the turn in the new mode.
    const conversation = (await rig.test.api.get(`/api/sessions/${id}`)).body.resume_ids.claude;
    const resumed = processesIn(rig.repo).filter((item) =>
      item.command.includes(`--resume=${conversation as string}`),
    );
    assert.equal(resumed.length, 1, JSON.stringify(processesIn(rig.repo)));
    assert.match(resumed[0]?.command ?? '', /--model haiku .*--permission-mode plan/);
    assert.match(await runLogOf(id, switched.runId), /"permissionMode":"plan"/);
  });

  test('deleting the session stops its kept process at once', async () => {
    rig.stub.script('Gone papa', [[{ text: 'Papa.' }]]);
    const id = await newSession();
    const before = new Set(claudePids());
    assert.equal((await rig.converse(id, 'Gone papa')).terminal.event, 'run-completed');
    const kept = claudePids().filter((pid) => !before.has(pid));
    assert.equal(kept.length, 1, 'the process outlives the turn');
    assert.equal((await rig.test.api.delete(`/api/sessions/${id}`)).status, 204);
    assert.ok(!claudePids().some((pid) => kept.includes(pid)), 'stopped before the answer');
  });

  test('an idle process is stopped after the idle timeout', async () => {
    const idle = await startChatRig('claude', { warmIdleMs: 200 });
    try {
      idle.stub.script('Idle romeo', [[{ text: 'Romeo.' }]]);
      const id = (await idle.createSession({ execution_mode: 'build' })).id;
      assert.equal((await idle.converse(id, 'Idle romeo')).terminal.event, 'run-completed');
      await until(() => processesIn(idle.repo).length === 0, 60_000);
    } finally {
      await idle.close();
    }
  });
});
