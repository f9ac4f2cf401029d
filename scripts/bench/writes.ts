// Write figures: create, PATCH and archive latency, bytes written per PATCH, and WS fan-out.
import { spawn } from 'node:child_process';
import { open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { ApiClient } from '../../server/test-support/harness.js';
import type { ServerProcess } from './server-process.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Run `action` `count` times in a row; each run's duration in ms. */
export async function timed(count: number, action: (index: number) => Promise<unknown>) {
  const samples: number[] = [];
  for (let index = 0; index < count; index++) {
    const start = performance.now();
    await action(index);
    samples.push(performance.now() - start);
  }
  return samples;
}

/** Bytes the process has handed to write(2) so far (its /proc io counter). */
export async function bytesWritten(pid: number | 'self'): Promise<number> {
  const io = await readFile(`/proc/${pid}/io`, 'utf8');
  return Number(/wchar:\s+(\d+)/.exec(io)?.[1] ?? 0);
}

export interface WriteFigures {
  createP99: number;
  patchP99: number;
  archiveP99: number;
  createP50: number;
  patchP50: number;
  archiveP50: number;
  bytesPerPatch: number;
}

interface WriteSamples {
  creates: number[];
  patches: number[];
  archives: number[];
  patchBytes: number;
}

/** `count` of each write on sessions of `worktreeId`, one after another as a user would. */
async function sampleWrites(
  grove: ServerProcess,
  worktreeId: string,
  count: number,
  into: WriteSamples,
): Promise<void> {
  const api = new ApiClient(grove.url, grove.token);
  const ids: string[] = [];
  into.creates.push(
    ...(await timed(count, async (index) => {
      const response = await api.post(`/api/worktrees/${worktreeId}/sessions`, {
        name: `W ${index}`,
      });
      ids.push(response.body.id as string);
    })),
  );
  const before = await bytesWritten(grove.pid);
  into.patches.push(
    ...(await timed(count, (index) =>
      api.patch(`/api/sessions/${ids[index] ?? ''}`, { name: `Renamed ${index}` }),
    )),
  );
  into.patchBytes += (await bytesWritten(grove.pid)) - before;
  into.archives.push(
    ...(await timed(count, (index) => api.post(`/api/sessions/${ids[index] ?? ''}/archive`))),
  );
}

/**
 * `count` of each write on each store, in `rounds` alternating rounds, so that both stores' p99
 * rest on as many samples taken under the same machine load.
 */
export async function measureWrites(
  stores: readonly { grove: ServerProcess; worktreeId: string }[],
  count: number,
  rounds: number,
): Promise<WriteFigures[]> {
  const samples = stores.map(() => ({ creates: [], patches: [], archives: [], patchBytes: 0 }));
  for (let round = 0; round < rounds; round++) {
    for (const [index, { grove, worktreeId }] of stores.entries()) {
      await sampleWrites(
        grove,
        worktreeId,
        Math.ceil(count / rounds),
        samples[index] as WriteSamples,
      );
    }
  }
  return samples.map((sample: WriteSamples) => ({
    createP99: percentile(sample.creates, 99),
    patchP99: percentile(sample.patches, 99),
    archiveP99: percentile(sample.archives, 99),
    createP50: percentile(sample.creates, 50),
    patchP50: percentile(sample.patches, 50),
    archiveP50: percentile(sample.archives, 50),
    bytesPerPatch: sample.patchBytes / sample.patches.length,
  }));
}

/**
 * The disk's own floor for a durable write: one 1.4 KB append (a PATCH's log line) and its
 * fdatasync, in `dir`, timed `count` times. No acknowledged write can be faster than this.
 */
export async function measureSyncFloor(
  dir: string,
  count: number,
): Promise<{ p50: number; p99: number }> {
  const file = path.join(dir, 'sync-floor.log');
  const handle = await open(file, 'a');
  try {
    const line = `${'x'.repeat(1400)}\n`;
    const samples = await timed(count, async () => {
      await handle.appendFile(line);
      await handle.datasync();
    });
    return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
  } finally {
    await handle.close();
    await rm(file, { force: true });
  }
}

export interface FanOutFigures {
  patchP50: number;
  patchP99: number;
  clients: number;
  allInOrder: boolean;
}

/** `clients` WS clients (another process) connected while PATCHes go out at `perSecond`. */
export async function measureFanOut(
  grove: ServerProcess,
  sessionId: string,
  clients: number,
  perSecond: number,
  durationMs: number,
): Promise<FanOutFigures> {
  const api = new ApiClient(grove.url, grove.token);
  const count = Math.round((durationMs / 1000) * perSecond);
  const wsUrl = `${grove.url.replace('http', 'ws')}/ws?token=${grove.token}`;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(here, 'ws-clients.ts'), wsUrl, String(clients), String(count)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  if ((await lines.next()).value !== 'ready') throw new Error('ws clients did not connect');
  const samples: number[] = [];
  const started = performance.now();
  for (let index = 0; index < count; index++) {
    // Paced from the start, so a slow PATCH does not lower the rate of the rest.
    const wait = started + (index * 1000) / perSecond - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const sent = performance.now();
    await api.patch(`/api/sessions/${sessionId}`, { name: `Fan ${index}` });
    samples.push(performance.now() - sent);
  }
  const report = JSON.parse(String((await lines.next()).value)) as { inOrder: boolean };
  return {
    patchP50: percentile(samples, 50),
    patchP99: percentile(samples, 99),
    clients,
    allInOrder: report.inOrder,
  };
}
