import { createHash } from 'node:crypto';
import type { SpawnSpec } from './types.js';

/** A long-lived CLI process that turns borrow (an `opencode serve`, a Claude or Codex process). */
export interface WarmProcess {
  /** Ends it and whatever it started; resolves once none of it is left. */
  stop(): Promise<void>;
  /** Settles when the process has exited, for whatever reason. */
  readonly exited: Promise<unknown>;
}

/** A turn's hold on a warm process; released when the turn ends, so the idle clock can start. */
export interface WarmLease<T extends WarmProcess> {
  readonly process: T;
  release(): void;
}

interface Entry<T extends WarmProcess> {
  process: Promise<T>;
  users: number;
  idleTimer: NodeJS.Timeout | null;
}

/** Stopped this long after its last turn ended (the 10 idle minutes). */
export const WARM_IDLE_MS = 10 * 60_000;

/**
 * Warm processes by key (a hash of how each was spawned): a turn whose process would be spawned
 * the same way borrows the running one. One is started on first use, kept while any turn holds
 * it, stopped after `idleMs` with none, and forgotten when it exits on its own.
 */
export class WarmPool<T extends WarmProcess> {
  private readonly entries = new Map<string, Entry<T>>();
  private closed = false;

  constructor(private readonly idleMs: number = WARM_IDLE_MS) {}

  /** The process for `key`, started with `start` when there is none; the caller must release it. */
  async acquire(key: string, start: () => Promise<T>): Promise<WarmLease<T>> {
    if (this.closed) throw new Error('Grove is shutting down.');
    let entry = this.entries.get(key);
    if (!entry) {
      const created: Entry<T> = { process: start(), users: 0, idleTimer: null };
      entry = created;
      this.entries.set(key, created);
      created.process.then(
        (process) => void process.exited.then(() => this.forget(key, created)),
        () => this.forget(key, created),
      );
    }
    this.hold(entry);
    const held = entry;
    try {
      const process = await held.process;
      let released = false;
      return {
        process,
        release: () => {
          if (released) return;
          released = true;
          this.letGo(key, held);
        },
      };
    } catch (error) {
      this.letGo(key, held);
      throw error;
    }
  }

  /** How many processes are warm (started or starting). */
  get size(): number {
    return this.entries.size;
  }

  /** Stops one process now (its spawn config changed, or it misbehaved); later turns start anew. */
  async discard(key: string): Promise<void> {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.forget(key, entry);
    await stopQuietly(entry.process);
  }

  /** Stops every process and refuses new turns; for Grove quitting. */
  async shutdown(): Promise<void> {
    this.closed = true;
    const entries = [...this.entries.entries()];
    for (const [key, entry] of entries) this.forget(key, entry);
    await Promise.all(entries.map(([, entry]) => stopQuietly(entry.process)));
  }

  private hold(entry: Entry<T>): void {
    entry.users++;
    if (entry.idleTimer) clearTimeout(entry.idleTimer);
    entry.idleTimer = null;
  }

  private letGo(key: string, entry: Entry<T>): void {
    entry.users--;
    if (entry.users > 0 || this.entries.get(key) !== entry) return;
    entry.idleTimer = setTimeout(() => void this.discard(key), this.idleMs);
    entry.idleTimer.unref();
  }

  private forget(key: string, entry: Entry<T>): void {
    if (entry.idleTimer) clearTimeout(entry.idleTimer);
    entry.idleTimer = null;
    if (this.entries.get(key) === entry) this.entries.delete(key);
  }
}

async function stopQuietly<T extends WarmProcess>(process: Promise<T>): Promise<void> {
  // A process that failed to start has nothing to stop.
  const started = await process.catch(() => null);
  await started?.stop();
}

/**
 * Everything a spawn depends on, hashed: processes spawned with equal keys are interchangeable.
 * A config file is named by its content, not its (per-turn) path.
 */
export function spawnKey(spec: SpawnSpec): string {
  const contentOf = new Map((spec.files ?? []).map((file) => [file.path, file.content]));
  const args = spec.args.map((arg) => contentOf.get(arg) ?? arg);
  const env = Object.entries(spec.env)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256')
    .update(JSON.stringify([spec.command, args, env]))
    .digest('hex');
}
