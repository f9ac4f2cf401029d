// Terminals leave nothing running when Grove quits, or when it is killed and started again.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import type { Terminal, Worktree } from '../../server/contract/index.js';
import { commitFile } from '../../server/test-support/git.js';
import {
  makeRepo,
  removeDir,
  startTestServer,
  tempDir,
  type ApiClient,
} from '../../server/test-support/harness.js';
import { processesIn, until } from '../../server/test-support/processes.js';
import { TerminalSocket } from '../../server/test-support/terminal-socket.js';
import { startServerProcess, type ServerProcess } from '../chat/server-process.js';

/** Background jobs of every kind: a plain one, one immune to hangups, one in a session of its own. */
const JOBS =
  'sleep 4747 & nohup sleep 4848 >/dev/null 2>&1 & (setsid sleep 4949 &); echo jobs-started\r';

async function worktreeIn(api: ApiClient, repo: string): Promise<Worktree> {
  const project = await api.post('/api/projects', { path: repo });
  assert.equal(project.status, 201, JSON.stringify(project.body));
  const worktree = await api.post<Worktree>(`/api/projects/${project.body.id}/worktrees`, {
    name: 'jobs',
  });
  assert.equal(worktree.status, 201, JSON.stringify(worktree.body));
  return worktree.body;
}

async function startJobs(api: ApiClient, worktree: Worktree): Promise<void> {
  const terminal = await api.post<Terminal>(`/api/worktrees/${worktree.id}/terminals`, {});
  assert.equal(terminal.status, 201);
  const client = await TerminalSocket.open(api, terminal.body.id);
  client.type(JOBS);
  await client.waitForText(/^(?:[#$] )*jobs-started$/m);
  await until(() => sleeps(worktree.path).length === 3);
  await client.close();
}

test('quitting Grove stops every terminal and what it started, and the setup still running', async () => {
  const root = await tempDir('grove-term-quit-');
  const repo = await makeRepo(root);
  commitFile(repo, 'grove.json', JSON.stringify({ scripts: { setup: 'sleep 5050' } }));
  const grove = await startTestServer({ dataDir: path.join(root, 'data') });
  try {
    const worktree = await worktreeIn(grove.api, repo);
    await startJobs(grove.api, worktree);
    await until(() => processesIn(worktree.path).some((item) => item.command === 'sleep 5050'));
    await grove.close();
    assert.deepEqual(processesIn(worktree.path), [], 'nothing is left in the worktree');
    assert.deepEqual(await recordedPids(grove.dataDir), [], 'no process records are left');
  } finally {
    await removeDir(root);
  }
});

test('after Grove is killed, the next start stops what its terminals left running', async () => {
  const root = await tempDir('grove-term-crash-');
  const repo = await makeRepo(root);
  commitFile(repo, 'grove.json', JSON.stringify({ scripts: { setup: 'sleep 5151' } }));
  const dataDir = path.join(root, 'data');
  let crashed: ServerProcess | null = null;
  let worktree: Worktree | null = null;
  try {
    crashed = await startServerProcess(dataDir, {});
    worktree = await worktreeIn(crashed.api, repo);
    await startJobs(crashed.api, worktree);
    const started = sleeps(worktree.path);
    // Once Grove has noted them (its snapshot runs every second), kill Grove.
    await untilAsync(async () => {
      const recorded = await recordedPids(dataDir);
      return started.every((pid) => recorded.includes(pid));
    });
    await crashed.crash();
    const survivors = sleeps(worktree.path);
    assert.ok(survivors.length >= 2, `jobs outlive the Grove that started them: ${survivors}`);

    const restarted = await startTestServer({ dataDir });
    try {
      assert.deepEqual(processesIn(worktree.path), [], 'nothing is left in the worktree');
      assert.deepEqual(await recordedPids(dataDir), []);
      const after = await restarted.api.get<Worktree>(`/api/worktrees/${worktree.id}`);
      assert.equal(after.body.setup?.status, 'failed', 'the interrupted setup did not succeed');
      assert.match(after.body.setup.error ?? '', /stopped before setup finished/);
    } finally {
      await restarted.close();
    }
  } finally {
    await crashed?.crash();
    // Whatever the sweep missed must not outlive the test.
    for (const { pid } of worktree ? processesIn(worktree.path) : []) process.kill(pid, 'SIGKILL');
    await removeDir(root);
  }
});

function sleeps(dir: string): number[] {
  return processesIn(dir)
    .filter((item) => /^sleep (4747|4848|4949)$/.test(item.command))
    .map((item) => item.pid);
}

async function untilAsync(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every pid in the data dir's process records (agent runs' and terminals'). */
async function recordedPids(dataDir: string): Promise<number[]> {
  const dir = path.join(dataDir, 'processes');
  const names = (await readdir(dir).catch(() => [])).filter((name) => name.endsWith('.json'));
  const records = await Promise.all(
    names.map(async (name) =>
      JSON.parse(await readFile(path.join(dir, name), 'utf8').catch(() => '{}')),
    ),
  );
  return records.flatMap((record: { processes?: { pid: number }[] }) =>
    (record.processes ?? []).map((ref) => ref.pid),
  );
}
