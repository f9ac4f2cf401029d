import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { ProcessExit } from '../agents/shared/agent-errors.js';
import type { SpawnSpec } from '../agents/shared/types.js';
import type { WarmChild, WarmLauncher, WarmOwner } from '../agents/shared/warm.js';
import { WARM_IDLE_MS } from '../agents/shared/warm-pool.js';
import type { ServiceContext } from '../services/context.js';
import { ProcessGroup } from './process-group.js';
import { RunProcessRecord } from './process-registry.js';

const STDERR_CAP = 64 * 1024;

/**
 * Starts the agent processes that outlive a turn, by default in a folder of Grove's own (a server
 * shared by worktrees has no worktree of its own), each recorded like a run's so that the next
 * start stops them if Grove dies. Stops them all when Grove quits.
 */
export class WarmHost implements WarmLauncher {
  private readonly owners = new Set<WarmOwner>();
  private readonly folder: string;

  constructor(
    private readonly context: ServiceContext,
    readonly idleMs: number = WARM_IDLE_MS,
  ) {
    this.folder = path.join(context.store.dataDir, 'agents');
  }

  spawn(spec: SpawnSpec, cwd: string = this.folder): WarmChild {
    mkdirSync(this.folder, { recursive: true, mode: 0o700 });
    const files = spec.files ?? [];
    for (const file of files) {
      mkdirSync(path.dirname(file.path), { recursive: true, mode: 0o700 });
      writeFileSync(file.path, file.content, { mode: 0o600 });
    }
    const record = new RunProcessRecord(
      this.context.store,
      `warm-${randomUUID()}`,
      this.context.log,
    );
    const group = ProcessGroup.spawn(spec.command, spec.args, {
      cwd,
      env: spec.env,
      onProcesses: (processes) => record.note(processes),
    });
    const child = new GroupChild(group, record);
    void child.exited.then(() => {
      for (const file of files) rmSync(file.path, { force: true });
    });
    return child;
  }

  track<T extends WarmOwner>(owner: T): T {
    this.owners.add(owner);
    return owner;
  }

  /**
   * Stops the idle processes holding these sessions' conversations, before the sessions go: a
   * kept process would otherwise hold a deleted worktree open until its idle stop.
   */
  async releaseSessions(sessionIds: readonly string[]): Promise<void> {
    const conversations = sessionIds.flatMap((id) =>
      Object.values(this.context.store.findSession(id)?.resume_ids ?? {}).filter(
        (value): value is string => value !== null,
      ),
    );
    await Promise.all([...this.owners].map((owner) => owner.release?.(conversations)));
  }

  /** Stops every warm process; for Grove quitting, once the turns are cancelled. */
  async shutdown(): Promise<void> {
    await Promise.all([...this.owners].map((owner) => owner.shutdown()));
  }
}

/** A warm process over its process group: stdout by line, stderr kept for the exit. */
class GroupChild implements WarmChild {
  readonly exited: Promise<ProcessExit>;
  private stderr = '';
  private error: Error | null = null;
  private readonly lineListeners: ((line: string) => void)[] = [];

  constructor(
    private readonly group: ProcessGroup,
    record: RunProcessRecord,
  ) {
    const { child } = group;
    child.on('error', (error) => {
      this.error = error;
    });
    child.stdin?.on('error', () => undefined);
    child.stderr?.on('data', (chunk: Buffer) => {
      if (this.stderr.length < STDERR_CAP) this.stderr += chunk.toString('utf8');
    });
    // Read from the start, so a process that writes much to stdout is never blocked on it.
    if (child.stdout) {
      createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => {
        for (const listener of this.lineListeners) listener(line);
      });
    }
    this.exited = (async () => {
      const exit = await group.exit;
      // Whatever it started and left behind goes with it.
      await group.reap();
      await record.clear();
      return { ...exit, stderr: this.stderr };
    })();
  }

  get pid(): number | undefined {
    return this.group.pid;
  }

  get spawnError(): Error | null {
    return this.error;
  }

  onLine(listener: (line: string) => void): void {
    this.lineListeners.push(listener);
  }

  write(line: string): void {
    const { stdin } = this.group.child;
    if (stdin?.writable) stdin.write(`${line}\n`);
  }

  async stop(): Promise<void> {
    await this.group.stop();
    await this.exited;
  }
}
