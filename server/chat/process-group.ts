import { spawn, type ChildProcess } from 'node:child_process';
import { descendantsOf, isStillRunning, processRef, type ProcessRef } from './process-tree.js';

export interface StopTimings {
  /** How long the CLI gets to finish after an interrupt (Claude writes its final result then). */
  interruptMs: number;
  terminateMs: number;
}

const DEFAULT_TIMINGS: StopTimings = { interruptMs: 2_000, terminateMs: 2_000 };
const isWindows = process.platform === 'win32';
/** How often the descendants of a running agent are noted, so orphans can still be found. */
const TREE_SNAPSHOT_MS = 1_000;
const EXIT_GRACE_MS = 2_000;

/** Told the group's processes (the leader first) whenever the set of them changes. */
export type ProcessesListener = (processes: readonly ProcessRef[]) => void;

/**
 * A child started as the leader of its own process group, so the agent's own children (shells,
 * test runners, language servers) can be stopped with it.
 */
export class ProcessGroup {
  private exited = false;
  private stopping: Promise<void> | null = null;
  /** Every process seen descending from the CLI, including tools in sessions of their own. */
  private readonly descendants = new Map<number, ProcessRef>();
  private readonly leader: ProcessRef | null;
  private announced = '';
  private readonly snapshots: NodeJS.Timeout | null;
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(
    readonly child: ChildProcess,
    private readonly onProcesses: ProcessesListener = () => undefined,
  ) {
    this.exit = new Promise((resolve) => {
      child.once('close', (code, signal) => {
        this.exited = true;
        resolve({ code, signal });
      });
      child.once('exit', () => {
        this.stopSnapshots();
        // Something the CLI left behind may still hold its stdout or stderr open, so 'close'
        // would never come; after a grace period, end it so the run can finish.
        setTimeout(() => {
          if (!this.exited) this.killLeftovers();
        }, EXIT_GRACE_MS).unref();
      });
      child.once('error', () => {
        this.exited = true;
        resolve({ code: null, signal: null });
      });
    });
    this.snapshots = isWindows
      ? null
      : setInterval(() => void this.noteDescendants(), TREE_SNAPSHOT_MS);
    this.snapshots?.unref();
    this.leader = child.pid === undefined ? null : processRef(child.pid);
    // Told at once, not at the first snapshot: Grove may die within the first second.
    this.announceProcesses();
  }

  static spawn(
    command: string,
    args: readonly string[],
    options: { cwd: string; env: NodeJS.ProcessEnv; onProcesses?: ProcessesListener },
  ): ProcessGroup {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      detached: !isWindows,
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    return new ProcessGroup(child, options.onProcesses);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** True while any process of the group is alive (the leader or something it left behind). */
  isGroupAlive(): boolean {
    const pid = this.child.pid;
    if (pid === undefined) return false;
    try {
      process.kill(isWindows ? pid : -pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Interrupt, then terminate, then kill, waiting between stages; resolves with none left. A stop
   * asked for while one is under way joins it.
   */
  stop(timings: StopTimings = DEFAULT_TIMINGS): Promise<void> {
    this.stopping ??= this.stopInStages(timings);
    return this.stopping;
  }

  private async stopInStages(timings: StopTimings): Promise<void> {
    const stages: [NodeJS.Signals, number][] = [
      ['SIGINT', timings.interruptMs],
      ['SIGTERM', timings.terminateMs],
    ];
    for (const [signal, waitMs] of stages) {
      await this.noteDescendants();
      if (this.exited && !this.isGroupAlive()) break;
      this.signal(signal);
      await Promise.race([this.exit, delay(waitMs)]);
    }
    await this.reap();
  }

  /**
   * Kill whatever the leader left behind (in its group, or tools it started in their own
   * sessions), and wait for the leader itself.
   */
  async reap(): Promise<void> {
    if (!this.exited) await this.noteDescendants();
    this.killLeftovers();
    await this.exit;
  }

  private killLeftovers(): void {
    if (this.isGroupAlive()) this.signal('SIGKILL');
    this.killDescendants();
  }

  private async noteDescendants(): Promise<void> {
    const pid = this.child.pid;
    if (pid === undefined || this.exited) return;
    // Forget processes that ended, so a pid the system hands out again is never signalled.
    for (const ref of this.descendants.values()) {
      if (!isStillRunning(ref) || !pidExists(ref.pid)) this.descendants.delete(ref.pid);
    }
    for (const ref of await descendantsOf(pid).catch(() => [])) this.descendants.set(ref.pid, ref);
    if (!this.exited) this.announceProcesses();
  }

  private announceProcesses(): void {
    if (!this.leader) return;
    const processes = [this.leader, ...this.descendants.values()];
    const key = processes.map((ref) => `${ref.pid}:${ref.start}`).join(' ');
    // Only changes are told: the snapshot every second mostly finds the same processes.
    if (key === this.announced) return;
    this.announced = key;
    this.onProcesses(processes);
  }

  private killDescendants(): void {
    this.stopSnapshots();
    this.signalDescendants('SIGKILL');
    this.descendants.clear();
  }

  private signalDescendants(signal: NodeJS.Signals): void {
    for (const ref of this.descendants.values()) {
      if (!isStillRunning(ref)) continue;
      try {
        process.kill(ref.pid, signal);
      } catch {
        // Already gone.
      }
    }
  }

  private stopSnapshots(): void {
    if (this.snapshots) clearInterval(this.snapshots);
  }

  private signal(signal: NodeJS.Signals): void {
    const pid = this.child.pid;
    if (pid === undefined) return;
    try {
      if (isWindows) {
        spawn('taskkill', ['/pid', String(pid), '/T', ...(signal === 'SIGKILL' ? ['/F'] : [])]);
      } else {
        process.kill(-pid, signal);
      }
    } catch {
      // The group is already gone.
    }
    // SIGINT goes to the CLI alone so it can wind its tools down itself.
    if (signal !== 'SIGINT') this.signalDescendants(signal);
  }
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
