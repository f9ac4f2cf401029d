// Search figures for `npm run bench`: GET /api/search over 1,000,000 stored messages (target
// < 200 ms) and GET /api/worktrees/:id/files on a 50,000-file repository (target < 50 ms).
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { makeRepo, removeDir, startTestServer, tempDir } from '../server/test-support/harness.js';
import { markSearchIndexWhole } from './bench/seed.js';

type Record = (name: string, value: string) => void;
type Timed = (count: number, action: (index: number) => Promise<unknown>) => Promise<number[]>;
type Median = (samples: number[]) => number;

const MESSAGES = 1_000_000;
const SESSIONS = 200;
const FILES = 50_000;
const WORDS = [
  'parser',
  'render',
  'config',
  'socket',
  'token',
  'branch',
  'commit',
  'cache',
  'queue',
  'worker',
  'layout',
  'schema',
  'retry',
  'stream',
  'index',
  'buffer',
];

/** A message-like sentence: ordinary words plus an identifier that makes most texts unique. */
function sentence(index: number): string {
  const words = Array.from({ length: 12 }, (_, k) => WORDS[(index * 7 + k * 13) % WORDS.length]);
  return `${words.join(' ')} item${index} in src/module${index % 997}.ts`;
}

export async function benchSearch(record: Record, timed: Timed, median: Median): Promise<void> {
  const root = await tempDir('grove-bench-search-');
  const dataDir = path.join(root, 'data');
  try {
    const repo = await makeRepo(root);
    const first = await startTestServer({ dataDir });
    const project = (await first.api.post('/api/projects', { path: repo })).body;
    const worktreeId: string = (await first.api.get(`/api/projects/${project.id}/worktrees`))
      .body[0].id;
    const sessionIds: string[] = [];
    for (let index = 0; index < SESSIONS; index++) {
      sessionIds.push((await first.api.post(`/api/worktrees/${worktreeId}/sessions`, {})).body.id);
    }
    await first.close();
    // The index file as appends leave it, written directly: a million fsynced appends would
    // take hours and measure the disk, not search.
    const out = createWriteStream(path.join(dataDir, 'search-index.jsonl'));
    for (let index = 0; index < MESSAGES; index++) {
      const line = [
        'a',
        sessionIds[index % SESSIONS],
        randomUUID(),
        1_767_225_600 + index,
        sentence(index),
      ];
      if (!out.write(`${JSON.stringify(line)}\n`))
        await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
    await new Promise<void>((resolve) => out.end(() => resolve()));
    await markSearchIndexWhole(dataDir);

    const startedAt = performance.now();
    const test = await startTestServer({ dataDir });
    record(
      'server start with 1,000,000 indexed messages (ms)',
      (performance.now() - startedAt).toFixed(0),
    );
    const search = (query: string) => async () => {
      const response = await test.api.get(`/api/search?${query}`);
      if (response.status !== 200) throw new Error(JSON.stringify(response.body));
    };
    // The index is read in the background once the server listens; a search waits for it.
    await search('q=parser&limit=1')();
    record(
      '  first search answered, after the index was read in the background (ms after start)',
      (performance.now() - startedAt).toFixed(0),
    );
    const common = await timed(20, search('q=parser&limit=50'));
    record('GET /api/search, 1M messages, common words p50 (ms)', median(common).toFixed(1));
    const rare = await timed(20, search(`q=item${MESSAGES / 2}%20in&limit=50`));
    record('GET /api/search, 1M messages, one match (full scan) p50 (ms)', median(rare).toFixed(1));
    // Every block holds each of its byte pairs, and no text holds it: the whole text is read.
    const unfiltered = await timed(20, search('q=parser%20parser&limit=50'));
    record(
      'GET /api/search, 1M messages, no match, every block read p50 (ms)',
      median(unfiltered).toFixed(1),
    );
    const none = await timed(20, search('q=no%20such%20words&limit=50'));
    record('GET /api/search, 1M messages, no match p50 (ms)', median(none).toFixed(1));
    const memory = process.memoryUsage();
    record('  process RSS with the 1M-message index (MB)', (memory.rss / 1e6).toFixed(0));

    await benchFiles(record, timed, median, test.api, worktreeId, repo);
    await test.close();
  } finally {
    await removeDir(root);
  }
}

async function benchFiles(
  record: Record,
  timed: Timed,
  median: Median,
  api: Awaited<ReturnType<typeof startTestServer>>['api'],
  worktreeId: string,
  repo: string,
): Promise<void> {
  for (let dir = 0; dir < FILES / 500; dir++) {
    const folder = path.join(repo, `packages/pkg${dir}/src/feature${dir % 17}`);
    await mkdir(folder, { recursive: true });
    await Promise.all(
      Array.from({ length: 500 }, (_, file) =>
        writeFile(path.join(folder, `component${file}-${WORDS[file % WORDS.length]}.ts`), ''),
      ),
    );
  }
  // Half tracked, half untracked: the listing takes both.
  execFileSync('git', ['add', 'packages/pkg1*', 'packages/pkg2*'], { cwd: repo, shell: false });
  const files = (query: string) => async () => {
    const response = await api.get(`/api/worktrees/${worktreeId}/files?query=${query}&limit=50`);
    if (response.status !== 200) throw new Error(JSON.stringify(response.body));
  };
  const cold = await timed(1, files('pkg42comp'));
  record('GET /files, 50,000-file repo, first query (git ls-files) (ms)', median(cold).toFixed(1));
  const queries = ['p', 'pkg7', 'pkg42comp', 'feature3component99', 'srcparser', 'zzzzq'];
  const warm = await timed(30, (index) => files(queries[index % queries.length] as string)());
  record('GET /files, 50,000-file repo, fuzzy query p50 (ms)', median(warm).toFixed(1));
}
