import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { gate } from '../model-stub/index.js';
import { startChatRig } from './chat-harness.js';
import { processesIn } from '../../server/test-support/processes.js';
import { recordedPids, startServerProcess, type ServerProcess } from './server-process.js';

test('after a restart, a run that was going is marked interrupted and the queue goes on', async () => {
  const rig = await startChatRig('claude');
  try {
    rig.stub.script('Queued after the crash', [[{ text: 'Picked up after the restart.' }]]);
    const session = await rig.createSession({ execution_mode: 'build' });
    const { dataDir } = rig.test;
    await rig.test.server.close();

    // What a crash mid-run leaves on disk: the session still says running, with a message queued.
    const shardFile = path.join(dataDir, 'sessions', `${rig.worktreeId}.json`);
    const shard = JSON.parse(await readFile(shardFile, 'utf8'));
    shard.sessions[0].status = 'running';
    shard.sessions[0].queue = [
      {
        id: '6f1f7f55-5b7a-4d55-9a57-4b7f3f0a0b01',
        content: 'Queued after the crash',
        created_at: 1,
      },
    ];
    await writeFile(shardFile, JSON.stringify(shard));

    const restarted = await rig.restart();
    // The queued run may start before a client could connect, so watch the session itself.
    const stored = await until(async () => {
      const current = (await restarted.api.get(`/api/sessions/${session.id}`)).body;
      return current.messages.length === 3 && current.status === 'idle' ? current : null;
    });
    assert.equal(stored.status, 'idle');
    assert.deepEqual(stored.queue, []);
    const [interrupted, user, answer] = stored.messages;
    assert.equal(interrupted.status, 'interrupted');
    assert.equal(interrupted.error.code, 'interrupted');
    assert.equal(user.parts[0].text, 'Queued after the crash');
    assert.equal(answer.parts.at(-1).text, 'Picked up after the restart.');
  } finally {
    await rig.close();
  }
});

async function until<T>(probe: () => Promise<T | null>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for the session to settle');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

test('closing the server stops a running agent and keeps its partial answer', async () => {
  const rig = await startChatRig('claude');
  try {
    // The answer stops after a few words and goes on only once Grove has closed.
    const closed = gate();
    rig.stub.script('Keep talking while Grove quits', [
      [
        { text: 'quit0 quit1 quit2', chunkDelayMs: 50 },
        { hold: closed.promise },
        { text: ' Never written.' },
      ],
    ]);
    const session = await rig.createSession({ execution_mode: 'build' });
    const sent = await rig.test.api.post(`/api/sessions/${session.id}/messages`, {
      content: 'Keep talking while Grove quits',
    });
    await rig.events.waitFor(
      (frame) =>
        frame.event === 'message-delta' &&
        (frame.data as { run_id: string }).run_id === sent.body.run_id,
      120_000,
    );
    assert.ok(processesIn(rig.repo).length > 0);
    assert.ok((await recordedPids(rig.test.dataDir)).length > 0, 'the run notes its processes');
    await rig.test.server.close();
    closed.open();
    assert.deepEqual(processesIn(rig.repo), []);
    assert.deepEqual(await recordedPids(rig.test.dataDir), [], 'a run that ended drops its record');

    const restarted = await rig.restart();
    const stored = (await restarted.api.get(`/api/sessions/${session.id}`)).body;
    assert.equal(stored.status, 'idle');
    assert.equal(stored.messages.at(-1).status, 'cancelled');
    assert.match(JSON.stringify(stored.messages.at(-1).parts), /quit0/);
  } finally {
    await rig.close();
  }
});

test('a tool left running by a Grove that was killed is stopped at the next start', async () => {
  const rig = await startChatRig('claude');
  let crashed: ServerProcess | null = null;
  try {
    rig.stub.script('Sleep lima', [[{ tool: 'bash', command: 'sleep 313' }], [{ text: 'Slept.' }]]);
    const session = await rig.createSession({ execution_mode: 'yolo' });
    const { dataDir } = rig.test;
    // The same server, but as a process of its own that can be SIGKILLed like a crash.
    await rig.test.server.close();
    crashed = await startServerProcess(dataDir, rig.agentEnv);
    const sent = await crashed.api.post(`/api/sessions/${session.id}/messages`, {
      content: 'Sleep lima',
    });
    assert.equal(sent.status, 202, JSON.stringify(sent.body));
    const tool = await until(async () => toolIn(rig.repo));
    // Once Grove has noted the tool (its snapshot runs every second), kill Grove.
    await until(async () => ((await recordedPids(dataDir)).includes(tool.pid) ? true : null));
    await crashed.crash();
    assert.equal(toolIn(rig.repo)?.pid, tool.pid, 'the tool outlives the Grove that started it');

    const restarted = await rig.restart();
    assert.deepEqual(processesIn(rig.repo), [], 'nothing of the run is left in the worktree');
    assert.deepEqual(await recordedPids(dataDir), [], 'the records are gone');
    const stored = (await restarted.api.get(`/api/sessions/${session.id}`)).body;
    assert.equal(stored.status, 'idle');
    assert.equal(stored.messages.at(-1).status, 'interrupted');
  } finally {
    await crashed?.crash();
    // Whatever the sweep missed must not outlive the test.
    for (const { pid } of processesIn(rig.repo)) process.kill(pid, 'SIGKILL');
    await rig.close();
  }
});

function toolIn(dir: string): { pid: number; command: string } | null {
  return processesIn(dir).find((item) => /^sleep 313$/.test(item.command)) ?? null;
}
