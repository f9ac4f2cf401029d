import { spawn, type ChildProcess } from 'node:child_process';

export interface StopTimings {
  /** How long the CLI gets to finish after an interrupt (Claude writes its final result then). */
  interruptMs: number;
  terminateMs: number;
}

const DEFAULT_TIMINGS: StopTimings = { interruptMs: 2_000, terminateMs: 2_000 };
const isWindows = process.platform === 'win32';

/**
 * A child started as the leader of its own process group, so the agent's own children (shells,
 * test runners, language servers) can be stopped with it.
 */
export class ProcessGroup {
  private exited = false;
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(readonly child: ChildProcess) {
    this.exit = new Promise((resolve) => {
      child.once('close', (code, signal) => {
        this.exited = true;
        resolve({ code, signal });
      });
      child.once('error', () => {
        this.exited = true;
        resolve({ code: null, signal: null });
      });
    });
  }

  static spawn(
    command: string,
    args: readonly string[],
    options: { cwd: string; env: NodeJS.ProcessEnv },
  ): ProcessGroup {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      detached: !isWindows,
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    return new ProcessGroup(child);
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

  /** Interrupt, then terminate, then kill, waiting between stages; resolves with none left. */
  async stop(timings: StopTimings = DEFAULT_TIMINGS): Promise<void> {
    const stages: [NodeJS.Signals, number][] = [
      ['SIGINT', timings.interruptMs],
      ['SIGTERM', timings.terminateMs],
    ];
    for (const [signal, waitMs] of stages) {
      if (this.exited && !this.isGroupAlive()) return;
      this.signal(signal);
      await Promise.race([this.exit, delay(waitMs)]);
    }
    await this.reap();
  }

  /** Kill whatever the leader left behind in its group, and wait for the leader itself. */
  async reap(): Promise<void> {
    if (this.isGroupAlive()) this.signal('SIGKILL');
    await this.exit;
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
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
