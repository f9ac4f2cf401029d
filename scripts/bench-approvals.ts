// Approval figures for `npm run bench`: from a driver's `io.requestApproval` (what a CLI's
// permission question becomes) to the `approval-requested` event reaching a WebSocket client,
// through the real server and its durable write. The scripted toolkit stands in for the CLI, so
// only Grove's own path is measured.
import { performance } from 'node:perf_hooks';
import type { ApprovalAsk } from '../server/agents/shared/types.js';
import type { EventMap } from '../server/contract/index.js';
import {
  EventRecorder,
  makeRepo,
  removeDir,
  startTestServer,
  tempDir,
} from '../server/test-support/harness.js';
import { ScriptedToolkit } from '../server/test-support/scripted-toolkit.js';

const ASKS = 50;

const ask: ApprovalAsk = {
  tool: 'Bash',
  kind: 'command',
  input: { command: 'npm test' },
  description: 'npm test',
  commandName: 'npm',
};

type Record = (name: string, value: string) => void;

export async function benchApprovals(
  record: Record,
  percentile: (samples: number[], p: number) => number,
): Promise<void> {
  const root = await tempDir('grove-bench-approvals-');
  const toolkit = new ScriptedToolkit();
  const test = await startTestServer({ dataDir: `${root}/data`, agentToolkit: toolkit });
  const client = await EventRecorder.connect(test.server);
  try {
    const { api } = test;
    const project = (await api.post('/api/projects', { path: await makeRepo(root) })).body;
    const base = (await api.get(`/api/projects/${project.id}/worktrees`)).body[0];
    const session = (
      await api.post(`/api/worktrees/${base.id}/sessions`, { execution_mode: 'build' })
    ).body;
    await api.post(`/api/sessions/${session.id}/messages`, { content: 'Bench approvals' });
    const turn = await toolkit.turn(0);
    const samples: number[] = [];
    for (let index = 0; index < ASKS; index++) {
      const from = client.frames.length;
      const askedAt = performance.now();
      const answered = turn.io.requestApproval(ask);
      const frame = await client.waitFor(
        (item) => item.event === 'approval-requested' && client.frames.indexOf(item) >= from,
      );
      samples.push(performance.now() - askedAt);
      const { approval } = frame.data as EventMap['approval-requested'];
      await api.post(`/api/sessions/${session.id}/approvals/${approval.id}`, {
        decision: 'allow',
      });
      await answered;
    }
    turn.end();
    record(
      'approval asked → event at a WS client p50 / p99 (ms)',
      `${percentile(samples, 50).toFixed(1)} / ${percentile(samples, 99).toFixed(1)}`,
    );
  } finally {
    client.close();
    await test.close();
    await removeDir(root);
  }
}
