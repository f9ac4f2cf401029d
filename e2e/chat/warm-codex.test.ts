import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startChatRig, streamedText, waitForRun, type ChatRig } from './chat-harness.js';
import { cancelOneOfTwoTurns, runLog } from './warm-scenarios.js';
import { processesIn, until, untilAsync } from '../../server/test-support/processes.js';
import { recordedPids, startServerProcess, type ServerProcess } from './server-process.js';

describe('Codex: the thread’s app-server stays warm between turns', () => {
  let rig: ChatRig;
  before(async () => {
    rig = await startChatRig('codex');
  });
  after(() => rig.close());

  /** The Codex processes in the worktree: one app-server (and its launcher) per warm session. */
  const codexPids = () =>
    processesIn(rig.repo)
      .filter((item) => /codex/.test(item.command))
      .map((item) => item.pid)
      .sort((a, b) => a - b);
  const newSession = async (mode = 'build') =>
    (await rig.createSession({ execution_mode: mode })).id;
  const runLogOf = (sessionId: string, runId: string) => runLog(rig, sessionId, runId);

  test('a follow-up starts a turn on the same process, without a new handshake', async () => {
    rig.stub.script('Warm lima', [[{ text: 'Lima.' }]]);
    rig.stub.script('Warm mike', [[{ text: 'Mike.' }]]);
    const id = await newSession();
    const first = await rig.converse(id, 'Warm lima');
    assert.equal(first.terminal.event, 'run-completed');
    assert.match(await runLogOf(id, first.runId), /"userAgent"[\s\S]*"result":\{"thread":\{/);
    const warm = codexPids();
    assert.ok(warm.length > 0, 'the process outlives the turn');
    const followUp = await rig.converse(id, 'Warm mike');
    assert.equal(followUp.terminal.event, 'run-completed', JSON.stringify(followUp.terminal.data));
    assert.equal(streamedText(followUp.frames), 'Mike.');
    assert.deepEqual(
      codexPids(),
      warm,
      `the same process took the follow-up: ${JSON.stringify(processesIn(rig.repo))}`,
    );
    // The loaded thread took the turn as it was: no initialize answer, no thread/resume.
    const log = await runLogOf(id, followUp.runId);
    assert.doesNotMatch(log, /"userAgent"|"result":\{"thread":\{/);
    assert.match(log, /"turn\/completed"/);
  });

  test('cancel stops only that session’s turn', async () => {
    const { sessionId: cancelled } = await cancelOneOfTwoTurns(
      rig,
      () => newSession(),
      async ({ sessionId, runId }) =>
        assert.match(await runLogOf(sessionId, runId), /"interrupted"/),
    );
    // The cancelled session resumes its thread on a new process.
    rig.stub.script('After papa', [[{ text: 'Papa after.' }]]);
    const again = await rig.converse(cancelled, 'After papa');
    assert.equal(again.terminal.event, 'run-completed', JSON.stringify(again.terminal.data));
    assert.equal(streamedText(again.frames), 'Papa after.');
  });

  test('a mode or model switch between turns takes effect', async () => {
    rig.stub.script('Switch quebec', [[{ text: 'Quebec.' }]]);
    rig.stub.script('Switch romeo', [[{ text: 'Romeo.' }]]);
    const id = await newSession('build');
    await rig.converse(id, 'Switch quebec');
    const patched = await rig.test.api.patch(`/api/sessions/${id}`, {
      execution_mode: 'plan',
      model: 'gpt-6',
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    const switched = await rig.converse(id, 'Switch romeo');
    assert.equal(switched.terminal.event, 'run-completed', JSON.stringify(switched.terminal.data));
    // A new process resumed the thread in the plan mode's sandbox, and the turn used the model.
    assert.match(await runLogOf(id, switched.runId), /"approvalPolicy":"on-request"/);
    const turn = rig.stub
      .mainRequests('codex')
      .find((request) => request.prompt === 'Switch romeo');
    assert.equal(turn?.model, 'gpt-6');
  });

  test('an idle process is stopped after the idle timeout', async () => {
    const idle = await startChatRig('codex', { warmIdleMs: 200 });
    try {
      idle.stub.script('Idle sierra', [[{ text: 'Sierra.' }]]);
      const id = (await idle.createSession({ execution_mode: 'build' })).id;
      assert.equal((await idle.converse(id, 'Idle sierra')).terminal.event, 'run-completed');
      await until(() => processesIn(idle.repo).length === 0, 60_000);
    } finally {
      await idle.close();
    }
  });

  test('no process is left once the server closes', async () => {
    const closing = await startChatRig('codex');
    closing.stub.script('Close tango', [[{ text: 'Tango.' }]]);
    const id = (await closing.createSession({ execution_mode: 'build' })).id;
    assert.equal((await closing.converse(id, 'Close tango')).terminal.event, 'run-completed');
    assert.ok(processesIn(closing.repo).length > 0, 'the process outlives the turn');
    const repo = closing.repo;
    await closing.close();
    assert.deepEqual(processesIn(repo), []);
  });

  test('a cancel leaves no tool command running', async () => {
    rig.stub.script('Sleep uniform', [
      [{ tool: 'bash', command: 'sleep 317' }],
      [{ text: 'Slept.' }],
    ]);
    const id = await newSession('yolo');
    const sent = await rig.test.api.post(`/api/sessions/${id}/messages`, {
      content: 'Sleep uniform',
    });
    await until(() => processesIn(rig.repo).some((item) => item.command === 'sleep 317'), 120_000);
    await rig.test.api.post(`/api/sessions/${id}/cancel`);
    const run = await waitForRun(rig.events, sent.body.run_id as string);
    assert.equal(run.terminal.event, 'run-cancelled');
    assert.deepEqual(
      processesIn(rig.repo).filter((item) => item.command === 'sleep 317'),
      [],
      'the tool went with the turn',
    );
  });

  test('a warm process left by a Grove that was killed is stopped at the next start', async () => {
    const crashRig = await startChatRig('codex');
    let crashed: ServerProcess | null = null;
    try {
      crashRig.stub.script('Crash victor', [[{ text: 'Victor.' }]]);
      const session = await crashRig.createSession({ execution_mode: 'build' });
      const { dataDir } = crashRig.test;
      // The same server, but as a process of its own that can be SIGKILLed like a crash.
      await crashRig.test.server.close();
      crashed = await startServerProcess(dataDir, crashRig.agentEnv);
      await crashed.api.post(`/api/sessions/${session.id}/messages`, { content: 'Crash victor' });
      const api = crashed.api;
      await untilAsync(
        async () => (await api.get(`/api/sessions/${session.id}`)).body.status === 'idle',
        120_000,
      );
      const kept = processesIn(crashRig.repo).map((item) => item.pid);
      assert.ok(kept.length > 0, 'the process outlives the turn');
      // Once Grove has noted the process (its snapshot runs every second), kill Grove.
      await untilAsync(async () => (await recordedPids(dataDir)).includes(kept[0] ?? -1), 30_000);
      // app-server exits once the dead Grove's end of its stdin closes, its launcher may not:
      // whatever is left is the sweep's.
      await crashed.crash();
      await crashRig.restart();
      assert.deepEqual(processesIn(crashRig.repo), [], 'nothing is left in the worktree');
      assert.deepEqual(await recordedPids(dataDir), [], 'the records are gone');
    } finally {
      await crashed?.crash();
      // Whatever the sweep missed must not outlive the test.
      for (const { pid } of processesIn(crashRig.repo)) process.kill(pid, 'SIGKILL');
      await crashRig.close();
    }
  });
});
