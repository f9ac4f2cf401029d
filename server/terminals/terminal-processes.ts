import { isStillRunning, processRef, type ProcessRef } from '../chat/process-tree.js';
import { terminalMembers, watchProcessTable, type ProcessEntry } from './process-table.js';

/** How long processes get after each of SIGHUP and SIGTERM; they mostly end at once. */
const GRACE_MS = 2_000;
const POLL_MS = 50;
const KILL_ROUNDS = 3;
const isWindows = process.platform === 'win32';

export type ProcessesListener = (processes: readonly ProcessRef[]) => void;

/**
 * Every process a terminal's shell started, noted every second (and told to `onProcesses` when
 * the set changes, for crash recovery), so that stopping the terminal stops all of them: its
 * jobs run in process groups of their own, and some outlive the shell.
 */
export class TerminalProcesses {
  private readonly seen = new Map<number, ProcessRef>();
  private readonly unwatch: () => void;
  private announced = '';

  constructor(
    private readonly terminalId: string,
    private readonly leader: ProcessRef,
    private readonly onProcesses: ProcessesListener,
  ) {
    this.seen.set(leader.pid, leader);
    this.announce();
    this.unwatch = isWindows
      ? () => undefined
      : watchProcessTable((table) => void this.snapshot(table));
  }

  static of(terminalId: string, pid: number, onProcesses: ProcessesListener): TerminalProcesses {
    return new TerminalProcesses(terminalId, processRef(pid), onProcesses);
  }

  /** The processes known now (the leader first), the ended ones forgotten. */
  async snapshot(table?: readonly ProcessEntry[] | null): Promise<ProcessRef[]> {
    for (const ref of this.seen.values()) if (!isStillRunning(ref)) this.seen.delete(ref.pid);
    for (const ref of await terminalMembers(
      this.terminalId,
      this.leader.pid,
      [...this.seen.keys()],
      table,
    )) {
      this.seen.set(ref.pid, ref);
    }
    this.announce();
    return [...this.seen.values()];
  }

  /**
   * Hang up every process (as closing a terminal window does), then terminate what ignores that
   * (`nohup`), each time giving them a moment to clean up (a shell profile's lock files), then kill
   * what is left, looking again each round for anything started meanwhile.
   */
  async stop(): Promise<void> {
    this.unwatch();
    if (isWindows) return;
    for (const signal of ['SIGHUP', 'SIGTERM'] as const) {
      const running = await this.snapshot();
      if (running.length === 0) return;
      signalAll(running, signal);
      signalAll(running, 'SIGCONT');
      await waitUntilEnded(() => running, GRACE_MS);
    }
    for (let round = 0; round < KILL_ROUNDS; round++) {
      const left = await this.snapshot();
      if (left.length === 0) break;
      signalAll(left, 'SIGKILL');
      await waitUntilEnded(() => left, GRACE_MS);
    }
  }

  private announce(): void {
    const refs = [...this.seen.values()];
    const key = refs.map((ref) => `${ref.pid}:${ref.start}`).join(' ');
    if (key === this.announced) return;
    this.announced = key;
    this.onProcesses(refs);
  }
}

function signalAll(refs: readonly ProcessRef[], signal: NodeJS.Signals): void {
  for (const ref of refs) {
    // Checked right before: a process that ended may have given up its pid to another.
    if (!isStillRunning(ref)) continue;
    try {
      process.kill(ref.pid, signal);
    } catch {
      // Ended meanwhile.
    }
  }
}

async function waitUntilEnded(refs: () => readonly ProcessRef[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (refs().some(isStillRunning) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
