// Start-and-cancel rounds across the three real CLIs (talking to the model stub): every cancel
// ends its run as cancelled and leaves no process behind.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Backend } from '../../server/contract/index.js';
import { startChatRig, waitForRun, type ChatRig } from '../chat/chat-harness.js';
import { processesIn } from '../../server/test-support/processes.js';
import { report, scale } from './torture-support.js';

const BACKENDS: Backend[] = ['claude', 'codex', 'opencode'];
const ROUNDS = scale(3, 100);

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe(
  'torture: start and cancel across the three CLIs',
  { timeout: scale(600_000, 7_200_000) },
  () => {
    const rigs = new Map<Backend, ChatRig>();
    before(async () => {
      for (const backend of BACKENDS) rigs.set(backend, await startChatRig(backend));
    });
    after(async () => {
      for (const rig of rigs.values()) await rig.close();
    });

    test(`${ROUNDS} rounds: every run cancelled, 0 processes left`, async () => {
      const outcomes = new Map<string, number>();
      let leftover = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const backend = BACKENDS[round % BACKENDS.length] ?? 'claude';
        const rig = rigs.get(backend);
        assert.ok(rig);
        const prompt = `Cancel round ${round}`;
        const words = Array.from({ length: 300 }, (_, index) => `w${index}`).join(' ');
        rig.stub.script(prompt, [[{ text: words, chunkDelayMs: 50 }]]);
        const session = await rig.createSession({ execution_mode: 'build' });
        const sent = await rig.test.api.post(`/api/sessions/${session.id}/messages`, {
          content: prompt,
        });
        assert.equal(sent.status, 202, JSON.stringify(sent.body));
        const runId = sent.body.run_id as string;
        // Cancel at a different moment each round: as soon as the CLI has asked the model, or once
        // text streams. (Not "once a process runs in the worktree": OpenCode's shared server runs
        // elsewhere, and in the worktree it starts only brief `git` calls a poll may never see.)
        if (round % 2 === 0) {
          await until(
            () => rig.stub.mainRequests().some((request) => request.prompt?.includes(prompt)),
            `${backend} asked the model`,
          );
        } else {
          await rig.events.waitFor(
            (frame) =>
              frame.event === 'message-delta' &&
              (frame.data as { run_id: string }).run_id === runId,
            120_000,
          );
        }
        const cancel = await rig.test.api.post(`/api/sessions/${session.id}/cancel`);
        assert.equal(cancel.status, 200, JSON.stringify(cancel.body));
        const run = await waitForRun(rig.events, runId);
        outcomes.set(run.terminal.event, (outcomes.get(run.terminal.event) ?? 0) + 1);
        assert.equal(run.terminal.event, 'run-cancelled', `${backend} round ${round}`);
        const left = processesIn(rig.repo);
        leftover += left.length;
        assert.deepEqual(left, [], `${backend} round ${round}: processes left`);
      }
      report('start and cancel', {
        rounds: ROUNDS,
        backends: BACKENDS.join('+'),
        cancelled: outcomes.get('run-cancelled') ?? 0,
        processes_left: leftover,
      });
    });
  },
);
