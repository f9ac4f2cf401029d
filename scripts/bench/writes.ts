// Write figures: create, PATCH and archive latency, bytes written per PATCH, and WS fan-out.
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { ApiClient } from '../../server/test-support/harness.js';
import type { ServerProcess } from './server-process.js';

export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function timed(count: number, action: (index: number) => Promise<unknown>) {
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
  bytesPerPatch: number;
}

/** `count` of each write on sessions of `worktreeId`, one after another as a user would. */
export async function measureWrites(
  grove: ServerProcess,
  worktreeId: string,
  count: number,
): Promise<WriteFigures> {
  const api = new ApiClient(grove.url, grove.token);
  const ids: string[] = [];
  const creates = await timed(count, async (index) => {
    const response = await api.post(`/api/worktrees/${worktreeId}/sessions`, {
      name: `W ${index}`,
    });
    ids.push(response.body.id as string);
  });
  const before = await bytesWritten(grove.pid);
  const patches = await timed(count, (index) =>
    api.patch(`/api/sessions/${ids[index] ?? ''}`, { name: `Renamed ${index}` }),
  );
  const bytesPerPatch = ((await bytesWritten(grove.pid)) - before) / count;
  const archives = await timed(count, (index) =>
    api.post(`/api/sessions/${ids[index] ?? ''}/archive`),
  );
  return {
    createP99: percentile(creates, 99),
    patchP99: percentile(patches, 99),
    archiveP99: percentile(archives, 99),
    bytesPerPatch,
  };
}

export interface FanOutFigures {
  patchP50: number;
  patchP99: number;
  clients: number;
  allInOrder: boolean;
}

/** `clients` WS clients connected while PATCHes go out at `perSecond` for `durationMs`. */
export async function measureFanOut(
  grove: ServerProcess,
  sessionId: string,
  clients: number,
  perSecond: number,
  durationMs: number,
): Promise<FanOutFigures> {
  const api = new ApiClient(grove.url, grove.token);
  const received: number[][] = [];
  const sockets = await Promise.all(
    Array.from({ length: clients }, async (_, index) => {
      const socket = new WebSocket(`${grove.url.replace('http', 'ws')}/ws?token=${grove.token}`);
      const names: number[] = [];
      received[index] = names;
      socket.on('message', (raw) => {
        const frame = JSON.parse(String(raw)) as {
          event: string;
          data: { updates?: { name?: string } };
        };
        const name = frame.event === 'session-updated' ? frame.data.updates?.name : undefined;
        if (name?.startsWith('Fan ')) names.push(Number(name.slice(4)));
      });
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      return socket;
    }),
  );
  const count = Math.round((durationMs / 1000) * perSecond);
  const samples: number[] = [];
  const started = performance.now();
  for (let index = 0; index < count; index++) {
    // Paced from the start, so a slow PATCH does not lower the rate of the rest.
    const due = started + (index * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const sent = performance.now();
    await api.patch(`/api/sessions/${sessionId}`, { name: `Fan ${index}` });
    samples.push(performance.now() - sent);
  }
  const expected = Array.from({ length: count }, (_, index) => index);
  const deadline = performance.now() + 30_000;
  while (received.some((names) => names.length < count) && performance.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
  for (const socket of sockets) socket.close();
  return {
    patchP50: percentile(samples, 50),
    patchP99: percentile(samples, 99),
    clients,
    allInOrder: received.every((names) => JSON.stringify(names) === JSON.stringify(expected)),
  };
}
