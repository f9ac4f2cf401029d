// `npm run bench`: speed and memory figures for the server's hot paths. It prints numbers; it
// asserts nothing (targets are read by people, not enforced by flaky timed tests).
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { nowSeconds } from '../server/contract/index.js';
import { TranscriptFile } from '../server/store/transcript.js';
import { transcriptFile } from '../server/test-support/sessions-fixture.js';
import { benchAgentTurns } from './bench-agents.js';
import { benchApprovals } from './bench-approvals.js';
import { benchLargeDiff } from './bench-diff.js';
import {
  EventRecorder,
  makeRepo,
  removeDir,
  startTestServer,
  tempDir,
} from '../server/test-support/harness.js';

interface Figure {
  name: string;
  value: string;
}

const figures: Figure[] = [];
const record = (name: string, value: string) => {
  figures.push({ name, value });
  console.log(`${name.padEnd(52)} ${value}`);
};

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function timed(
  count: number,
  action: (index: number) => Promise<unknown>,
): Promise<number[]> {
  const samples: number[] = [];
  for (let index = 0; index < count; index++) {
    const start = performance.now();
    await action(index);
    samples.push(performance.now() - start);
  }
  return samples;
}

async function main(): Promise<void> {
  const root = await tempDir('grove-bench-');
  const test = await startTestServer({ dataDir: `${root}/data` });
  const { api } = test;
  const repo = await makeRepo(root);
  const project = (await api.post('/api/projects', { path: repo })).body;
  const base = (await api.get(`/api/projects/${project.id}/worktrees`)).body[0];

  const health = await timed(500, () => api.get('/api/health'));
  record(
    'GET /api/health p50 / p99 (ms)',
    `${percentile(health, 50).toFixed(2)} / ${percentile(health, 99).toFixed(2)}`,
  );

  const creates = await timed(300, (index) =>
    api.post(`/api/worktrees/${base.id}/sessions`, { name: `Bench ${index}` }),
  );
  record(
    'POST session (durable write) p50 / p99 (ms)',
    `${percentile(creates, 50).toFixed(2)} / ${percentile(creates, 99).toFixed(2)}`,
  );

  const concurrent = performance.now();
  await Promise.all(
    Array.from({ length: 200 }, (_, index) =>
      api.post(`/api/worktrees/${base.id}/sessions`, { name: `Burst ${index}` }),
    ),
  );
  const burstMs = performance.now() - concurrent;
  record('200 concurrent session creates (group commit), total ms', burstMs.toFixed(1));

  const lists = await timed(100, () => api.get(`/api/worktrees/${base.id}/sessions`));
  record('GET 500 sessions p50 (ms)', percentile(lists, 50).toFixed(2));

  const session = (await api.post(`/api/worktrees/${base.id}/sessions`, {})).body;
  // Appended through the store's own transcript writer, as a long chat would leave it.
  const store = new TranscriptFile(transcriptFile(test.dataDir, session.id), () => undefined);
  const appendStart = performance.now();
  for (let index = 0; index < 10_000; index++) {
    await store.append({
      id: randomUUID(),
      session_id: session.id,
      role: index % 2 ? 'assistant' : 'user',
      created_at: nowSeconds(),
      run_id: null,
      parts: [{ type: 'text', text: `Message ${index}: ${'lorem ipsum '.repeat(20)}` }],
      status: 'complete',
    });
  }
  record(
    'append 10,000 transcript lines (fsync each), total s',
    ((performance.now() - appendStart) / 1000).toFixed(2),
  );
  const page = await timed(20, () => api.get(`/api/sessions/${session.id}/messages?limit=100`));
  record('GET newest page of 10,000-message history p50 (ms)', percentile(page, 50).toFixed(2));
  const full = await timed(5, () => api.get(`/api/sessions/${session.id}`));
  record('GET session with all 10,000 messages p50 (ms)', percentile(full, 50).toFixed(2));

  const clients = await Promise.all(
    Array.from({ length: 20 }, () => EventRecorder.connect(test.server)),
  );
  const fanoutStart = performance.now();
  for (let index = 0; index < 200; index++) {
    await api.patch(`/api/sessions/${session.id}`, { name: `Renamed ${index}` });
  }
  await Promise.all(
    clients.map((client) =>
      client.waitFor(
        (frame) =>
          frame.event === 'session-updated' && JSON.stringify(frame.data).includes('Renamed 199'),
      ),
    ),
  );
  record(
    '200 PATCHes seen by 20 WS clients, total ms',
    (performance.now() - fanoutStart).toFixed(1),
  );
  for (const client of clients) client.close();

  const memory = process.memoryUsage();
  record(
    'server + bench process RSS / heap used (MB)',
    `${(memory.rss / 1e6).toFixed(0)} / ${(memory.heapUsed / 1e6).toFixed(0)}`,
  );

  await test.close();
  await removeDir(root);

  await benchLargeDiff(record);
  await benchApprovals(record, percentile);
  await benchAgentTurns(record, (samples) => percentile(samples, 50));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
