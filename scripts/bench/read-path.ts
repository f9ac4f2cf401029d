// Read-path figures: Grove's listing and GET session against bare node:http, a stock Express
// app sending the same bytes, and `opencode serve` listing as many sessions.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { measureThroughput, type LoadResult } from './load.js';
import { startOpencodeServe } from './opencode-serve.js';
import { startReferenceServer, type ServerProcess } from './server-process.js';
import type { Figure } from './table.js';

const CONNECTIONS = 20;

export async function benchReadPath(
  grove: ServerProcess,
  paths: { list: string; session: string },
  workDir: string,
  repo: string,
  timing: { rounds: number; durationMs: number },
): Promise<Figure[]> {
  const { durationMs } = timing;
  const headers = { authorization: `Bearer ${grove.token}` };
  const load = (url: string, extra: Record<string, string> = {}) =>
    measureThroughput({
      url,
      headers: { ...headers, ...extra },
      connections: CONNECTIONS,
      durationMs,
    });
  const figures: Figure[] = [];
  for (const [label, pathname] of [
    ['list 100 sessions', paths.list],
    ['GET session (100 messages)', paths.session],
  ] as const) {
    const response = await fetch(`${grove.url}${pathname}`, { headers });
    const bytes = Buffer.from(await response.arrayBuffer());
    const etag = response.headers.get('etag') ?? '';
    const file = path.join(workDir, `${label.replace(/\W+/g, '-')}.json`);
    await writeFile(file, bytes);
    const bare = await startReferenceServer('bare', file);
    const stock = await startReferenceServer('express', file);
    // Interleaved rounds, medians kept: on a shared machine the load changes within seconds, and
    // each server should see the same mix of it.
    const rounds: Record<'grove' | 'notModified' | 'bare' | 'stock', LoadResult[]> = {
      grove: [],
      notModified: [],
      bare: [],
      stock: [],
    };
    try {
      for (let round = 0; round < timing.rounds; round++) {
        rounds.grove.push(await load(`${grove.url}${pathname}`));
        rounds.notModified.push(await load(`${grove.url}${pathname}`, { 'if-none-match': etag }));
        rounds.bare.push(await load(`${bare.url}/`));
        rounds.stock.push(await load(`${stock.url}/`));
      }
    } finally {
      await Promise.all([bare.stop(), stock.stop()]);
    }
    const groveRate = median(rounds.grove);
    const bareRate = median(rounds.bare);
    figures.push(
      rateFigure(`${label}: Grove req/s (×bare)`, groveRate, bareRate, 0.35),
      rateFigure(
        `${label}: Grove 304 req/s (×bare)`,
        median(rounds.notModified),
        bareRate,
        null,
        304,
      ),
      rateFigure(`${label}: stock Express req/s (×bare)`, median(rounds.stock), bareRate, null),
      { name: `${label}: bare node:http req/s`, value: bareRate.requestsPerSecond, unit: 'req/s' },
    );
    if (label === 'list 100 sessions') {
      const opencode = await opencodeListRate(
        path.join(workDir, 'opencode-home'),
        repo,
        durationMs,
      );
      figures.push({
        name: 'list 100 sessions: Grove ÷ opencode serve',
        value: groveRate.requestsPerSecond / opencode.requestsPerSecond,
        unit: '×',
        reference: `opencode serve ${opencode.requestsPerSecond.toFixed(0)} req/s`,
        target: '≥ 20',
        met: groveRate.requestsPerSecond / opencode.requestsPerSecond >= 20,
      });
    }
  }
  return figures;
}

/** The round with the median rate (its statuses are checked with it). */
function median(results: readonly LoadResult[]): LoadResult {
  const sorted = [...results].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  const middle = sorted[Math.floor(sorted.length / 2)];
  if (!middle) throw new Error('no rounds measured');
  return middle;
}

function rateFigure(
  name: string,
  result: LoadResult,
  bare: LoadResult,
  minimumRatio: number | null,
  status = 200,
): Figure {
  assertStatus(name, result, status);
  const ratio = result.requestsPerSecond / bare.requestsPerSecond;
  return {
    name,
    value: result.requestsPerSecond,
    unit: 'req/s',
    reference: `${ratio.toFixed(2)}× bare (${bare.requestsPerSecond.toFixed(0)} req/s)`,
    ...(minimumRatio === null
      ? {}
      : { target: `≥ ${minimumRatio}× bare`, met: ratio >= minimumRatio }),
  };
}

function assertStatus(name: string, result: LoadResult, status: number): void {
  const other = Object.keys(result.statuses).filter((code) => Number(code) !== status);
  if (other.length > 0)
    throw new Error(`${name}: unexpected statuses ${JSON.stringify(result.statuses)}`);
}

async function opencodeListRate(home: string, repo: string, durationMs: number) {
  const opencode = await startOpencodeServe(home, repo);
  try {
    await opencode.createSessions(100);
    const result = await measureThroughput({
      url: `${opencode.url}/session`,
      connections: CONNECTIONS,
      durationMs,
    });
    assertStatus('opencode serve', result, 200);
    return result;
  } finally {
    await opencode.stop();
  }
}
