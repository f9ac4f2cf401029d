// Approval figures for `npm run bench`: how long after a CLI asks does a client see the question.
import { performance } from 'node:perf_hooks';
import { BACKENDS, type Backend, type ServerFrame } from '../server/contract/index.js';
import { startChatRig, waitForRun } from '../e2e/chat/chat-harness.js';
import {
  EventRecorder,
  makeRepo,
  removeDir,
  startTestServer,
  tempDir,
} from '../server/test-support/harness.js';
import { ScriptedToolkit } from '../server/test-support/scripted-toolkit.js';

const ASKS = 5;
const GROVE_ASKS = 50;

type Record = (name: string, value: string) => void;

/**
 * Grove's own part (target under 50 ms): from a driver's `io.requestApproval` (the moment a CLI's
 * question has been read) to `approval-requested` at a WebSocket client. The test stands in for
 * the CLI (ScriptedToolkit), so only the policy, saving the pending approval and publishing count.
 */
export async function benchApprovalDelivery(
  record: Record,
  percentile: (samples: number[], p: number) => number,
): Promise<void> {
  const root = await tempDir('grove-bench-approvals-');
  const toolkit = new ScriptedToolkit();
  const test = await startTestServer({ dataDir: `${root}/data`, agentToolkit: toolkit });
  const client = await EventRecorder.connect(test.server);
  try {
    const repo = await makeRepo(root);
    const project = (await test.api.post('/api/projects', { path: repo })).body;
    const worktree = (await test.api.get(`/api/projects/${project.id}/worktrees`)).body[0];
    const session = (
      await test.api.post(`/api/worktrees/${worktree.id}/sessions`, { execution_mode: 'build' })
    ).body;
    await test.api.post(`/api/sessions/${session.id}/messages`, { content: 'Bench approvals' });
    const turn = await toolkit.turn(0);
    const samples: number[] = [];
    for (let index = 0; index < GROVE_ASKS; index++) {
      const command = `npm run bench-${index}`;
      const askedAt = performance.now();
      const answered = turn.io.requestApproval({
        tool: 'Bash',
        kind: 'command',
        input: { command },
        description: command,
        commandName: 'npm',
      });
      const frame = await client.waitFor(
        (candidate) =>
          candidate.event === 'approval-requested' &&
          candidate.data.approval.description === command,
      );
      samples.push(performance.now() - askedAt);
      if (frame.event !== 'approval-requested') throw new Error('unexpected frame');
      await test.api.post(`/api/sessions/${session.id}/approvals/${frame.data.approval.id}`, {
        decision: 'deny',
      });
      await answered;
    }
    turn.end();
    record(
      'approval: driver asks → client sees p50 / p99 (ms)',
      `${percentile(samples, 50).toFixed(1)} / ${percentile(samples, 99).toFixed(1)}`,
    );
  } finally {
    client.close();
    await test.close();
    await removeDir(root);
  }
}

/**
 * For each CLI, in build mode, a shell command it asks about: from the moment a client sees the
 * tool call (`tool-use`, which the CLI prints just before it asks) to the moment it sees
 * `approval-requested`. That span holds the CLI's own gap between the two lines plus Grove's
 * part (policy, saving the pending approval, publishing), an upper bound on the latter.
 */
export async function benchApprovalLatency(
  record: Record,
  median: (samples: number[]) => number,
  backends: readonly Backend[] = BACKENDS,
): Promise<void> {
  for (const backend of backends) {
    const rig = await startChatRig(backend);
    try {
      const samples: number[] = [];
      for (let index = 0; index < ASKS; index++) {
        const phrase = `Bench approval ${index}`;
        rig.stub.script(phrase, [
          [{ tool: 'bash', command: `sh -c 'echo ${index} > bench-${index}.txt'` }],
          [{ text: 'Done.' }],
        ]);
        const { id } = await rig.createSession({ execution_mode: 'build' });
        const seen = new Map<string, number>();
        const onFrame = (raw: unknown) => {
          const frame = JSON.parse(String(raw)) as ServerFrame;
          const sessionId = (frame.data as { session_id?: string }).session_id;
          if (sessionId === id && !seen.has(frame.event)) seen.set(frame.event, performance.now());
        };
        rig.events.socket.on('message', onFrame);
        const sent = await rig.test.api.post(`/api/sessions/${id}/messages`, { content: phrase });
        const runId = sent.body.run_id as string;
        const asked = await rig.events.waitFor(
          (frame) =>
            (frame.event === 'approval-requested' && frame.data.session_id === id) ||
            ('run_id' in frame.data &&
              frame.data.run_id === runId &&
              /^run-(completed|failed|cancelled)$/.test(frame.event)),
          120_000,
        );
        if (asked.event === 'approval-requested') {
          await rig.test.api.post(`/api/sessions/${id}/approvals/${asked.data.approval.id}`, {
            decision: 'allow',
          });
        }
        await waitForRun(rig.events, runId);
        rig.events.socket.off('message', onFrame);
        const toolSeen = seen.get('tool-use');
        const askSeen = seen.get('approval-requested');
        if (toolSeen !== undefined && askSeen !== undefined) samples.push(askSeen - toolSeen);
      }
      record(
        `${backend}: tool call → approval seen p50 (ms)`,
        samples.length === ASKS
          ? median(samples).toFixed(1)
          : `no ask in ${ASKS - samples.length} runs`,
      );
    } finally {
      await rig.close();
    }
  }
}
