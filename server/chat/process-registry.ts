import type { RunProcesses } from '../store/process-records.js';
import type { Store } from '../store/store.js';
import { bootId, descendantsOf, isStillRunning, type ProcessRef } from './process-tree.js';

type Log = (message: string) => void;

const THIS_BOOT = bootId();
/** How long orphans get to end after SIGTERM before they are killed. */
const TERMINATE_GRACE_MS = 1_000;
const POLL_MS = 50;

/**
 * A run's record of its processes on disk, kept in step with what its ProcessGroup has seen, so
 * that if Grove dies mid-run the next start can stop them. Writes go one at a time and in order;
 * nothing is written once the run has ended.
 */
export class RunProcessRecord {
  private writing: Promise<void> = Promise.resolve();
  private ended = false;

  constructor(
    private readonly store: Store,
    private readonly runId: string,
    private readonly log: Log,
  ) {}

  note(processes: readonly ProcessRef[]): void {
    const record: RunProcesses = { boot_id: THIS_BOOT, processes: [...processes] };
    this.writing = this.writing
      .then(() => (this.ended ? undefined : this.store.processRecords.write(this.runId, record)))
      .catch((error: unknown) =>
        this.log(`Grove: could not note a run's processes: ${String(error)}`),
      );
  }

  /** The run has ended and its processes with it: drop the record. */
  async clear(): Promise<void> {
    this.ended = true;
    await this.writing;
    await this.store.processRecords
      .clear(this.runId)
      .catch((error: unknown) =>
        this.log(`Grove: could not drop a run's processes: ${String(error)}`),
      );
  }
}

/**
 * Stop what the runs of a Grove that died left running (a tool can outlive its CLI by hours), then
 * drop their records. Only processes proven to be the ones recorded are signalled, plus whatever
 * descends from them now. Resolves with how many processes were stopped.
 */
export async function stopOrphanedProcesses(store: Store, log: Log): Promise<number> {
  const records = await store.processRecords.readAll();
  if (records.size === 0) return 0;
  // A pid's start time is what proves it still names the recorded process: without one (off
  // Linux) or from another boot, the pid may have been handed to anyone since, so it is skipped.
  const recorded = [...records.values()]
    .filter((record) => record.boot_id === THIS_BOOT)
    .flatMap((record) => record.processes)
    .filter((ref) => ref.start !== null && isStillRunning(ref));
  const stopped = new Set<number>();
  const terminating = await withDescendants(recorded);
  signalAll(terminating, 'SIGTERM', stopped);
  await waitUntilEnded(terminating, TERMINATE_GRACE_MS);
  signalAll(await withDescendants(terminating.filter(isStillRunning)), 'SIGKILL', stopped);
  for (const runId of records.keys()) await store.processRecords.clear(runId);
  log(`Grove: stopped ${stopped.size} leftover process(es) of ${records.size} interrupted run(s)`);
  return stopped.size;
}

/** `roots` and every process now descending from them, each once. */
async function withDescendants(roots: readonly ProcessRef[]): Promise<ProcessRef[]> {
  if (roots.length === 0) return [];
  const found = await descendantsOf(...roots.map((ref) => ref.pid));
  return [...new Map([...roots, ...found].map((ref) => [ref.pid, ref])).values()];
}

function signalAll(refs: readonly ProcessRef[], signal: NodeJS.Signals, done: Set<number>): void {
  for (const ref of refs) {
    // Checked again right before: a process that ended meanwhile may have given up its pid.
    if (!isStillRunning(ref)) continue;
    try {
      process.kill(ref.pid, signal);
      done.add(ref.pid);
    } catch {
      // Ended meanwhile, or not ours to signal.
    }
  }
}

async function waitUntilEnded(refs: readonly ProcessRef[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (refs.some(isStillRunning) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
