import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gate } from '../model-stub/index.js';
import {
  requestedBy,
  startChatRig,
  streamedText,
  waitForRun,
  type ChatRig,
  type Requested,
} from './chat-harness.js';
import { recordedPids, startServerProcess, type ServerProcess } from './server-process.js';
import { processesIn, until } from '../../server/test-support/processes.js';

/** The pids of the OpenCode server(s) Grove keeps warm (its launcher and the native binary). */
function warmPids(rig: ChatRig): number[] {
  return processesIn(rig.warmDir)
    .filter((item) => /opencode/.test(item.command))
    .map((item) => item.pid)
    .sort();
}

/** The tools OpenCode offered the model for the turns of `prompt`. */
function toolsOffered(rig: ChatRig, prompt: string): string[] {
  return rig.stub
    .mainRequests()
    .filter((item) => item.prompt?.includes(prompt))
    .flatMap((item) => item.tools);
}

async function startRun(rig: ChatRig, sessionId: string, content: string): Promise<string> {
  const sent = await rig.test.api.post(`/api/sessions/${sessionId}/messages`, { content });
  assert.equal(sent.status, 202, JSON.stringify(sent.body));
  return sent.body.run_id as string;
}

function firstDelta(rig: ChatRig, runId: string): Promise<unknown> {
  return rig.events.waitFor(
    (frame) =>
      frame.event === 'message-delta' && (frame.data as { run_id: string }).run_id === runId,
    120_000,
  );
}

describe('OpenCode: one warm server per data dir', () => {
  let rig: ChatRig;
  before(async () => {
    rig = await startChatRig('opencode');
  });
  after(() => rig.close());

  const session = async (mode: string) => (await rig.createSession({ execution_mode: mode })).id;

  test('follow-up turns and other sessions reuse the same server', async () => {
    rig.stub.script('Warm alpha', [[{ text: 'Alpha answered.' }]]);
    rig.stub.script('Warm bravo', [[{ text: 'Bravo answered.' }]]);
    rig.stub.script('Warm charlie', [[{ text: 'Charlie answered.' }]]);
    const first = await session('build');
    const opening = await rig.converse(first, 'Warm alpha');
    assert.equal(opening.terminal.event, 'run-completed', JSON.stringify(opening.terminal.data));
    const serve = warmPids(rig);
    assert.ok(serve.length > 0, 'the server outlives the turn, in Grove’s folder');
    // OpenCode's own snapshot (a `git diff`) may still finish after the turn, but nothing stays.
    await until(() => processesIn(rig.repo).length === 0);
    await untilRecords(rig.test.dataDir, (pids) => pids.includes(serve[0] as number));

    const followUp = await rig.converse(first, 'Warm bravo');
    assert.equal(followUp.terminal.event, 'run-completed', JSON.stringify(followUp.terminal.data));
    assert.equal(streamedText(followUp.frames), 'Bravo answered.');
    const other = await rig.converse(await session('build'), 'Warm charlie');
    assert.equal(other.terminal.event, 'run-completed', JSON.stringify(other.terminal.data));
    assert.deepEqual(warmPids(rig), serve, 'the same server took both turns');
  });

  test('cancel stops only that session’s turn', async () => {
    const held = gate();
    rig.stub.script('Hold delta', [
      [{ text: 'delta0 delta1' }, { hold: held.promise }, { text: ' Never written.' }],
    ]);
    rig.stub.script('Hold echo', [
      [{ text: 'echo0 echo1' }, { hold: held.promise }, { text: ' echo done.' }],
    ]);
    const [cancelled, kept] = [await session('build'), await session('build')];
    const cancelledRun = await startRun(rig, cancelled, 'Hold delta');
    const keptRun = await startRun(rig, kept, 'Hold echo');
    await Promise.all([firstDelta(rig, cancelledRun), firstDelta(rig, keptRun)]);
    const serve = warmPids(rig);

    const cancel = await rig.test.api.post(`/api/sessions/${cancelled}/cancel`);
    assert.deepEqual(cancel.body, { cancelled: true });
    const stopped = await waitForRun(rig.events, cancelledRun);
    assert.equal(stopped.terminal.event, 'run-cancelled');
    held.open();
    const finished = await waitForRun(rig.events, keptRun);
    assert.equal(finished.terminal.event, 'run-completed', JSON.stringify(finished.terminal.data));
    assert.match(streamedText(finished.frames), /echo done\./);
    assert.deepEqual(warmPids(rig), serve, 'the server stayed for the other session');
    const stored = (await rig.test.api.get(`/api/sessions/${cancelled}`)).body;
    assert.doesNotMatch(JSON.stringify(stored.messages.at(-1).parts), /Never written/);
  });

  test('a mode switch between turns takes effect on the same server', async () => {
    rig.stub.script('Mode foxtrot', [[{ text: 'Only looking.' }]]);
    rig.stub.script('Mode golf', [
      [{ tool: 'bash', command: 'echo golf > golf.txt' }],
      [{ text: 'Wrote golf.' }],
    ]);
    const id = await session('plan');
    const planned = await rig.converse(id, 'Mode foxtrot');
    assert.equal(planned.terminal.event, 'run-completed', JSON.stringify(planned.terminal.data));
    const planTools = toolsOffered(rig, 'Mode foxtrot');
    assert.ok(!planTools.includes('bash'), `plan mode offers no shell: ${planTools.join(', ')}`);
    const serve = warmPids(rig);

    const patched = await rig.test.api.patch(`/api/sessions/${id}`, { execution_mode: 'yolo' });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    const built = await rig.converse(id, 'Mode golf');
    assert.equal(built.terminal.event, 'run-completed', JSON.stringify(built.terminal.data));
    assert.ok(existsSync(path.join(rig.repo, 'golf.txt')), 'the shell ran in the new mode');
    assert.deepEqual(warmPids(rig), serve, 'the same server took the turn in the new mode');
  });
});

describe('OpenCode: every mode on one server, over the user’s own permission config', () => {
  // The user's global config asks before edits and commands; each mode's rules still decide.
  const userEnv = { OPENCODE_PERMISSION: JSON.stringify({ edit: 'ask', bash: 'ask' }) };
  let rig: ChatRig;
  before(async () => {
    rig = await startChatRig('opencode', { userEnv });
  });
  after(() => rig.close());

  const session = async (mode: string) => (await rig.createSession({ execution_mode: mode })).id;
  const fileIn = (name: string) => path.join(rig.repo, name);
  const asked = (sessionId: string) => rig.events.frames.filter(requestedBy(sessionId));

  test('plan, build and yolo sessions in one worktree share one server, each in its mode', async () => {
    for (const word of ['plan', 'build', 'yolo']) {
      rig.stub.script(`Shared ${word}`, [
        [{ tool: 'write', path: `${word}-write.txt`, content: `${word}\n` }],
        [{ tool: 'bash', command: `echo ${word} > ${word}-bash.txt` }],
        [{ text: `${word} done.` }],
      ]);
    }
    const [plan, build, yolo] = [
      await session('plan'),
      await session('build'),
      await session('yolo'),
    ];

    const planned = await rig.converse(plan, 'Shared plan');
    assert.equal(planned.terminal.event, 'run-completed', JSON.stringify(planned.terminal.data));
    const planTools = toolsOffered(rig, 'Shared plan');
    for (const tool of ['write', 'edit', 'bash']) {
      assert.ok(!planTools.includes(tool), `plan offers no ${tool}: ${planTools.join(', ')}`);
    }
    assert.equal(existsSync(fileIn('plan-write.txt')), false);
    assert.deepEqual(asked(plan), [], 'plan denies without asking');
    const serve = warmPids(rig);
    assert.ok(serve.length > 0);

    // Build: the edit runs unasked despite the user's `ask`; the command waits for an answer.
    const buildRun = await startRun(rig, build, 'Shared build');
    const { approval } = ((await rig.events.waitFor(requestedBy(build), 120_000)) as Requested)
      .data;
    assert.equal(approval.kind, 'command');
    assert.equal(readFileSync(fileIn('build-write.txt'), 'utf8'), 'build\n');
    const answered = await rig.test.api.post(`/api/sessions/${build}/approvals/${approval.id}`, {
      decision: 'deny',
    });
    assert.equal(answered.status, 200, JSON.stringify(answered.body));
    const built = await waitForRun(rig.events, buildRun);
    assert.equal(built.terminal.event, 'run-completed', JSON.stringify(built.terminal.data));
    assert.equal(existsSync(fileIn('build-bash.txt')), false, 'the denied command never ran');
    assert.equal(asked(build).length, 1, 'only the command was asked');

    // Yolo: what the user's config asks, Grove allows without asking anyone.
    const yoloed = await rig.converse(yolo, 'Shared yolo');
    assert.equal(yoloed.terminal.event, 'run-completed', JSON.stringify(yoloed.terminal.data));
    assert.equal(readFileSync(fileIn('yolo-write.txt'), 'utf8'), 'yolo\n');
    assert.equal(readFileSync(fileIn('yolo-bash.txt'), 'utf8').trim(), 'yolo');
    assert.deepEqual(asked(yolo), []);

    assert.deepEqual(warmPids(rig), serve, 'one server took all three modes');
  });

  test('switching a session back and forth between modes keeps its server and obeys each mode', async () => {
    rig.stub.script('Switch yolo', [
      [{ tool: 'bash', command: 'echo one > switch-1.txt' }],
      [{ text: 'One.' }],
    ]);
    rig.stub.script('Switch plan', [[{ text: 'Looking only.' }]]);
    rig.stub.script('Switch back', [
      [{ tool: 'bash', command: 'echo two > switch-2.txt' }],
      [{ text: 'Two.' }],
    ]);
    const id = await session('yolo');
    const mode = async (execution_mode: string) =>
      assert.equal(
        (await rig.test.api.patch(`/api/sessions/${id}`, { execution_mode })).status,
        200,
      );
    assert.equal((await rig.converse(id, 'Switch yolo')).terminal.event, 'run-completed');
    assert.ok(existsSync(fileIn('switch-1.txt')));
    const serve = warmPids(rig);

    await mode('plan');
    assert.equal((await rig.converse(id, 'Switch plan')).terminal.event, 'run-completed');
    assert.ok(!toolsOffered(rig, 'Switch plan').includes('bash'), 'plan took effect');

    await mode('yolo');
    const back = await rig.converse(id, 'Switch back');
    assert.equal(back.terminal.event, 'run-completed', JSON.stringify(back.terminal.data));
    assert.ok(existsSync(fileIn('switch-2.txt')), "yolo undid plan's denials");
    assert.deepEqual(asked(id), []);
    assert.deepEqual(warmPids(rig), serve);
  });
});

describe('OpenCode: the warm server’s lifetime', () => {
  test('an idle server is stopped after the idle timeout, and the next turn starts one', async () => {
    const rig = await startChatRig('opencode', { warmIdleMs: 200 });
    try {
      rig.stub.script('Idle hotel', [[{ text: 'Hotel.' }]]);
      rig.stub.script('Idle india', [[{ text: 'India.' }]]);
      const id = (await rig.createSession({ execution_mode: 'build' })).id;
      assert.equal((await rig.converse(id, 'Idle hotel')).terminal.event, 'run-completed');
      await until(() => warmPids(rig).length === 0, 60_000);
      // Its record goes with it.
      await untilRecords(rig.test.dataDir, (pids) => pids.length === 0);
      const again = await rig.converse(id, 'Idle india');
      assert.equal(again.terminal.event, 'run-completed', JSON.stringify(again.terminal.data));
    } finally {
      await rig.close();
    }
  });

  test('closing Grove stops the warm server; a killed Grove’s server is swept at the next start', async () => {
    const rig = await startChatRig('opencode');
    let crashed: ServerProcess | null = null;
    try {
      rig.stub.script('Close juliet', [[{ text: 'Juliet.' }]]);
      rig.stub.script('Crash kilo', [[{ text: 'Kilo.' }]]);
      const id = (await rig.createSession({ execution_mode: 'build' })).id;
      assert.equal((await rig.converse(id, 'Close juliet')).terminal.event, 'run-completed');
      assert.ok(warmPids(rig).length > 0);
      const { dataDir } = rig.test;
      await rig.test.server.close();
      assert.deepEqual(warmPids(rig), [], 'no agent process outlives Grove');
      assert.deepEqual(await recordedPids(dataDir), []);

      // The same server as a process of its own, killed like a crash once the server is warm.
      crashed = await startServerProcess(dataDir, rig.agentEnv);
      const sent = await crashed.api.post(`/api/sessions/${id}/messages`, {
        content: 'Crash kilo',
      });
      assert.equal(sent.status, 202, JSON.stringify(sent.body));
      await until(() => warmPids(rig).length > 0, 60_000);
      const serve = warmPids(rig);
      await untilRecords(dataDir, (pids) => pids.includes(serve[0] as number));
      await crashed.crash();
      assert.deepEqual(warmPids(rig), serve, 'the server outlives the Grove that started it');

      await rig.restart();
      assert.deepEqual(warmPids(rig), [], 'the next start stopped it');
      assert.deepEqual(await recordedPids(dataDir), [], 'and dropped its record');
    } finally {
      await crashed?.crash();
      for (const { pid } of processesIn(rig.warmDir)) process.kill(pid, 'SIGKILL');
      await rig.close();
    }
  });
});

/** Polls the data dir's process records (nothing announces their writes) until `holds`. */
async function untilRecords(dataDir: string, holds: (pids: number[]) => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!holds(await recordedPids(dataDir))) {
    if (Date.now() > deadline) throw new Error('the process records never settled');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
