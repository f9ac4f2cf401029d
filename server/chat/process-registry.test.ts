import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Store } from '../store/store.js';
import { removeDir, tempDir } from '../test-support/harness.js';
import { ProcessGroup } from './process-group.js';
import { RunProcessRecord, stopOrphanedProcesses } from './process-registry.js';
import {
  bootId,
  descendantsOf,
  isStillRunning,
  processRef,
  type ProcessRef,
} from './process-tree.js';

/** A process in a session of its own, as agent CLIs start their tools. */
function detached(command: string, ...args: string[]): ChildProcess & { pid: number } {
  const child = spawn(command, args, { detached: true, stdio: 'ignore' });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  return child as ChildProcess & { pid: number };
}

function exitSignal(child: ChildProcess): Promise<NodeJS.Signals | null> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve(child.signalCode);
  return new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
}

async function until<T>(probe: () => T | null | Promise<T | null>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('the process registry', { skip: process.platform !== 'linux' }, () => {
  let dataDir: string;
  let store: Store;
  const logs: string[] = [];
  const started: ChildProcess[] = [];
  const spawnDetached = (command: string, ...args: string[]) => {
    const child = detached(command, ...args);
    started.push(child);
    return child;
  };

  before(async () => {
    dataDir = await tempDir('grove-registry-');
    store = await Store.open({ dataDir, log: (line) => logs.push(line) });
  });
  after(async () => {
    for (const child of started) {
      if (child.exitCode === null && child.signalCode === null)
        process.kill(-child.pid!, 'SIGKILL');
    }
    await store.close();
    await removeDir(dataDir);
  });

  test('a run notes its processes when they change, not on every snapshot, and drops the record when it ends', async () => {
    const record = new RunProcessRecord(store, 'run-noted', (line) => logs.push(line));
    const told: number[] = [];
    const group = ProcessGroup.spawn('sh', ['-c', 'sleep 30 & wait'], {
      cwd: dataDir,
      env: process.env,
      onProcesses: (processes) => {
        told.push(processes.length);
        record.note(processes);
      },
    });
    const noted = await until(async () => {
      const processes = (await store.processRecords.readAll()).get('run-noted')?.processes ?? [];
      return processes.length === 2 ? processes : null;
    });
    assert.deepEqual(
      noted[0],
      processRef(group.pid!),
      'the CLI leader comes first, with its start',
    );
    // Three more snapshots that find the same processes write nothing.
    await new Promise((resolve) => setTimeout(resolve, 3_200));
    assert.deepEqual(told, [1, 2]);

    await group.stop({ interruptMs: 100, terminateMs: 100 });
    await record.clear();
    record.note(noted);
    await record.clear();
    assert.equal(
      (await store.processRecords.readAll()).size,
      0,
      'nothing is written after the end',
    );
  });

  test('the sweep stops recorded processes and what descends from them, then drops the records', async () => {
    const recorded = spawnDetached('sleep', '300');
    // The record knows only the shell; the tool it started later is found by parentage.
    const parent = spawnDetached('sh', '-c', 'setsid sleep 301 & wait');
    const [late] = await until(async () => {
      const found = await descendantsOf(parent.pid);
      return found.length > 0 ? found : null;
    });
    await store.processRecords.write('run-a', {
      boot_id: bootId(),
      processes: [processRef(recorded.pid)],
    });
    await store.processRecords.write('run-b', {
      boot_id: bootId(),
      processes: [processRef(parent.pid)],
    });

    const startedAt = Date.now();
    assert.equal(await stopOrphanedProcesses(store, (line) => logs.push(line)), 3);
    assert.equal(await exitSignal(recorded), 'SIGTERM');
    assert.equal(await exitSignal(parent), 'SIGTERM');
    await until(() => (isStillRunning(late as ProcessRef) ? null : true));
    assert.ok(Date.now() - startedAt < 1_000, 'no grace period is waited out once all are gone');
    assert.equal((await store.processRecords.readAll()).size, 0);
    assert.match(logs.at(-1) ?? '', /stopped 3 leftover process\(es\) of 2 interrupted run\(s\)/);
  });

  test('a process that ignores SIGTERM is killed after a grace period', async () => {
    const stubborn = spawnDetached('sh', '-c', 'trap "" TERM; sleep 300; true');
    // Once its sleep runs, the trap is set (and the sleep inherits it).
    await until(async () => ((await descendantsOf(stubborn.pid)).length > 0 ? true : null));
    await store.processRecords.write('run-stubborn', {
      boot_id: bootId(),
      processes: [processRef(stubborn.pid)],
    });
    assert.equal(await stopOrphanedProcesses(store, () => undefined), 2, 'the shell and its sleep');
    assert.equal(await exitSignal(stubborn), 'SIGKILL');
  });

  test('a pid that may name another process now is never signalled', async () => {
    const bystander = spawnDetached('sleep', '300');
    const { start } = processRef(bystander.pid);
    const records = {
      // The pid was handed out again: the process running under it started at another time.
      'run-reused': { boot_id: bootId(), processes: [{ pid: bystander.pid, start: `${start}0` }] },
      // No start time to check against (as off Linux).
      'run-unverified': { boot_id: bootId(), processes: [{ pid: bystander.pid, start: null }] },
      // Start times are counted from boot, so they prove nothing across a reboot.
      'run-other-boot': { boot_id: 'another-boot', processes: [processRef(bystander.pid)] },
    };
    for (const [runId, record] of Object.entries(records))
      await store.processRecords.write(runId, record);

    assert.equal(await stopOrphanedProcesses(store, (line) => logs.push(line)), 0);
    assert.equal(isStillRunning(processRef(bystander.pid)), true, 'the bystander survives');
    assert.equal(bystander.exitCode, null);
    assert.equal(
      (await store.processRecords.readAll()).size,
      0,
      'the records are dropped all the same',
    );
  });

  test('unusable records (a write cut short, unreadable JSON) are dropped without harm', async () => {
    const dir = path.join(dataDir, 'processes');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'run-cut.json.tmp'), '{"boot_id":');
    await writeFile(path.join(dir, 'run-garbled.json'), 'not json');
    assert.equal(await stopOrphanedProcesses(store, () => undefined), 0);
    assert.deepEqual(await readdir(dir), []);
    assert.ok(logs.some((line) => line.includes('unreadable process record')));
  });
});
