// `npm run bench [-- --quick]`: speed and memory figures for the server's hot paths, each with
// its reference measured in the same run. It prints one table and writes bench-results.json; it
// asserts nothing (targets are read by people, not enforced by flaky timed tests).
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { realFiles, type FileHandleLike, type FileLayer } from '../server/store/file-layer.js';
import { TranscriptFile } from '../server/store/transcript.js';
import { ApiClient, makeRepo, removeDir, tempDir } from '../server/test-support/harness.js';
import { benchAgentTurns } from './bench-agents.js';
import { benchApprovalDelivery, benchApprovalLatency } from './bench-approvals.js';
import { benchLargeDiff } from './bench-diff.js';
import { benchHistoryUi } from './bench-history-ui.js';
import { benchReadPath } from './bench/read-path.js';
import { benchMessage, seedWorktree, transcriptText } from './bench/seed.js';
import { buildServer, startServerProcess, type ServerProcess } from './bench/server-process.js';
import { benchStartAndMemory } from './bench/start-memory.js';
import { printTable, writeResults, type Figure } from './bench/table.js';
import {
  measureFanOut,
  measureSyncFloor,
  measureWrites,
  percentile,
  timed,
  type WriteFigures,
} from './bench/writes.js';
import { benchSearch } from './bench-search.js';

const quick = process.argv.includes('--quick');
/** Only the write and fan-out figures (with the store at scale they need). */
const writesOnly = process.argv.includes('--writes');
/** Only start-up, memory and search (with the store at scale they need). */
const memoryOnly = process.argv.includes('--memory');
const SCALE_SESSIONS = 10_000;
const MESSAGES_EACH = 100;
const LONG_HISTORY = 10_000;
const figures: Figure[] = [];
const add = (figure: Figure) => {
  figures.push(figure);
  console.log(`${figure.name}: ${String(figure.value)} ${figure.unit} ${figure.reference ?? ''}`);
};

interface World {
  grove: ServerProcess;
  api: ApiClient;
  dataDir: string;
  /** A worktree of one project per name, created through the API. */
  worktrees: Record<string, string>;
}

async function startWorld(root: string, names: readonly string[]): Promise<World> {
  await mkdir(root, { recursive: true });
  const dataDir = path.join(root, 'data');
  const grove = await startServerProcess(dataDir);
  const api = new ApiClient(grove.url, grove.token);
  const worktrees: Record<string, string> = {};
  for (const name of names) {
    await mkdir(path.join(root, name), { recursive: true });
    const repo = await makeRepo(path.join(root, name));
    const project = (await api.post('/api/projects', { path: repo })).body;
    worktrees[name] = (await api.get(`/api/projects/${project.id}/worktrees`)).body[0].id;
  }
  return { grove, api, dataDir, worktrees };
}

async function benchHeavyStore(root: string): Promise<void> {
  const seeding = await startWorld(root, ['big', 'hundred', 'long']);
  const { big, hundred, long } = seeding.worktrees as Record<'big' | 'hundred' | 'long', string>;
  for (let index = 0; index < 100; index++)
    await seeding.api.post(`/api/worktrees/${hundred}/sessions`, { name: `Listed ${index}` });
  await seeding.api.post(`/api/worktrees/${big}/sessions`, {});
  await seeding.api.post(`/api/worktrees/${long}/sessions`, {});
  await seeding.grove.stop();
  const seeded = await seedWorktree(seeding.dataDir, big, SCALE_SESSIONS, MESSAGES_EACH);
  const [longSession] = await seedWorktree(seeding.dataDir, long, 1, LONG_HISTORY);

  const empty = await startServerProcess(path.join(root, 'empty-data'));
  const emptyRss = await empty.rssMb();
  await empty.stop();
  const grove = await startServerProcess(seeding.dataDir);
  const api = new ApiClient(grove.url, grove.token);
  try {
    await benchStartAndMemory(
      grove,
      api,
      { readyMs: empty.readyMs, rssMb: emptyRss },
      seeded,
      {
        sessions: SCALE_SESSIONS,
        messages: SCALE_SESSIONS * MESSAGES_EACH + LONG_HISTORY,
        messagesEach: MESSAGES_EACH,
      },
      add,
    );

    if (memoryOnly) return;
    const hundredList = `/api/worktrees/${hundred}/sessions`;
    if (!writesOnly) await benchReads(grove, hundredList, seeded[0] ?? '', root, longSession ?? '');
    const fanOutSession = (await api.get(hundredList)).body[0].id as string;
    const fanOutMs = quick ? 4000 : 15_000;
    const alone = await measureFanOut(grove, fanOutSession, 0, 20, fanOutMs);
    const fanOut = await measureFanOut(grove, fanOutSession, 200, 20, fanOutMs);
    add({
      name: 'PATCH with 200 WS clients, 20 PATCH/s: p99',
      value: fanOut.patchP99,
      unit: 'ms',
      reference: `p50 ${fanOut.patchP50.toFixed(1)} ms; no clients: p99 ${alone.patchP99.toFixed(1)}, p50 ${alone.patchP50.toFixed(1)} ms`,
      target: '< 20 ms',
      met: fanOut.patchP99 < 20,
    });
    add({
      name: 'every WS client got every event, in order',
      value: fanOut.allInOrder ? 'yes' : 'NO',
      unit: '',
      met: fanOut.allInOrder,
    });
    await benchWritesAtScale(root, grove, big);
  } finally {
    await grove.stop();
  }
}

async function benchReads(
  grove: ServerProcess,
  list: string,
  sessionId: string,
  root: string,
  longSession: string,
) {
  const session = `/api/sessions/${sessionId}`;
  const repo = path.join(root, 'hundred', 'repo');
  for (const figure of await benchReadPath(
    grove,
    { list, session },
    root,
    repo,
    // --quick keeps under its 2 minutes with 3 short rounds; the full bench takes 5 long ones.
    quick ? { rounds: 3, durationMs: 600 } : { rounds: 5, durationMs: 3000 },
  ))
    add(figure);
  await benchHistory(new ApiClient(grove.url, grove.token), longSession);
}

/** Writes in the 10,000-session worktree against a store of 10 sessions, interleaved. */
async function benchWritesAtScale(root: string, grove: ServerProcess, big: string) {
  const small = await startWorld(path.join(root, 'small'), ['ten']);
  try {
    const ten = small.worktrees['ten'] ?? '';
    for (let index = 0; index < 10; index++)
      await small.api.post(`/api/worktrees/${ten}/sessions`, {});
    const [large, smallWrites] = (await measureWrites(
      [
        { grove, worktreeId: big },
        { grove: small.grove, worktreeId: ten },
      ],
      quick ? 60 : 300,
      quick ? 3 : 6,
    )) as [WriteFigures, WriteFigures];
    const floor = await measureSyncFloor(root, quick ? 100 : 300);
    add({
      name: 'disk floor: one 1.4 KB append and fdatasync, p99',
      value: floor.p99,
      unit: 'ms',
      reference: `p50 ${floor.p50.toFixed(2)} ms; no durable write can beat it`,
    });
    for (const [label, key, median] of [
      ['create', 'createP99', 'createP50'],
      ['PATCH', 'patchP99', 'patchP50'],
      ['archive', 'archiveP99', 'archiveP50'],
    ] as const) {
      const ratio = large[key] / smallWrites[key];
      const p50s = `p50 ${large[median].toFixed(1)} / ${smallWrites[median].toFixed(1)} ms`;
      add({
        name: `${label} p99 with ${SCALE_SESSIONS} sessions in one worktree`,
        value: large[key],
        unit: 'ms',
        reference: `10 sessions: ${smallWrites[key].toFixed(2)} ms, ratio ${ratio.toFixed(2)}; ${p50s}`,
        target: '< 10 ms, ratio < 1.5',
        met: large[key] < 10 && ratio < 1.5,
      });
    }
    add({
      name: `bytes written per PATCH, ${SCALE_SESSIONS} sessions`,
      value: large.bytesPerPatch,
      unit: 'B',
      reference: `10 sessions: ${smallWrites.bytesPerPatch.toFixed(0)} B`,
      target: 'independent of store size',
      met: large.bytesPerPatch < smallWrites.bytesPerPatch * 1.5,
    });
  } finally {
    await small.grove.stop();
  }
}

/** Jumping to the top of a 10,000-message history: one window fetch against paging back. */
async function benchHistory(api: ApiClient, sessionId: string) {
  const base = `/api/sessions/${sessionId}/messages`;
  const windowMs: number[] = [];
  for (let index = 0; index < 5; index++) {
    const start = performance.now();
    await api.get(`${base}?offset=${index * 2000}&limit=100`);
    windowMs.push(performance.now() - start);
  }
  const pagingStart = performance.now();
  let before: string | undefined;
  let pages = 0;
  for (;;) {
    const page = (await api.get(`${base}?limit=100${before ? `&before=${before}` : ''}`)).body;
    pages++;
    if (!page.has_more) break;
    before = page.messages[0].id;
  }
  const pagingMs = performance.now() - pagingStart;
  add({
    name: `history of ${LONG_HISTORY}: fetch the window at any position, p50`,
    value: percentile(windowMs, 50),
    unit: 'ms',
    reference: `paging back to the top: ${pages} requests, ${pagingMs.toFixed(0)} ms`,
    target: '< 1000 ms (server part)',
    met: percentile(windowMs, 50) < 1000,
  });
}

/** A handle's methods bound to it, so they can be spread into a wrapper. */
function bind(handle: FileHandleLike): FileHandleLike {
  return {
    writeFile: (data, encoding) => handle.writeFile(data, encoding),
    appendFile: (data) => handle.appendFile(data),
    read: (buffer, offset, length, position) => handle.read(buffer, offset, length, position),
    readFile: () => handle.readFile(),
    stat: () => handle.stat(),
    truncate: (length) => handle.truncate(length),
    sync: () => handle.sync(),
    datasync: () => handle.datasync(),
    close: () => handle.close(),
  };
}

/** Bytes one transcript append writes, in a short and a long transcript. */
async function benchAppendBytes(root: string) {
  const perAppend = async (existing: number) => {
    const id = randomUUID();
    const file = path.join(root, `${id}.jsonl`);
    await writeFile(file, transcriptText(id, existing));
    // Counted at the store's own file layer: the bench process writes other things meanwhile.
    let written = 0;
    const counting: FileLayer = {
      ...realFiles,
      open: async (name, flags, mode) => {
        const handle = await realFiles.open(name, flags, mode);
        return {
          ...bind(handle),
          writeFile: (data, encoding) => {
            written += Buffer.byteLength(data);
            return handle.writeFile(data, encoding);
          },
          appendFile: (data) => {
            written += data.length;
            return handle.appendFile(data);
          },
        };
      },
    };
    await new TranscriptFile(file, () => undefined, counting).append(benchMessage(id, existing));
    return written;
  };
  const short = await perAppend(10);
  const long = await perAppend(LONG_HISTORY);
  add({
    name: `bytes written per message append, ${LONG_HISTORY}-message transcript`,
    value: long,
    unit: 'B',
    reference: `10-message transcript: ${short} B`,
    target: 'independent of size',
    // The lines differ only by the digits of the message number.
    met: Math.abs(long - short) <= short * 0.05,
  });
}

async function main(): Promise<void> {
  const root = await tempDir('grove-bench-');
  await buildServer();
  try {
    await benchHeavyStore(root);
    if (!memoryOnly) await benchAppendBytes(root);
  } finally {
    await removeDir(root);
  }
  const record = (name: string, value: string) => add({ name, value, unit: '' });
  if (writesOnly) return void printTable(figures);
  if (memoryOnly) {
    await benchSearch(record, timed, (samples) => percentile(samples, 50));
    return void printTable(figures);
  }
  await benchHistoryUi(record);
  if (!quick) await benchLargeDiff(record);
  await benchAgentTurns(add, (samples) => percentile(samples, 50), quick ? 2 : 5);
  await benchApprovalDelivery(record, percentile);
  await benchApprovalLatency(record, (samples) => percentile(samples, 50));
  await benchSearch(record, timed, (samples) => percentile(samples, 50));
  console.log('');
  printTable(figures);
  await writeResults('bench-results.json', figures, quick);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
