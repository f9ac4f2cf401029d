import { z } from 'zod';
import { Session } from '../contract/index.js';
import { FolderSyncError, StorageWriteError, writeFileAtomic } from './durable-file.js';
import type { FileLayer } from './file-layer.js';
import { loadWithRecovery, StoreCorruptError, type Logger } from './json-document.js';
import { GroupCommit } from './group-commit.js';
import { LineFile } from './line-file.js';
import type { Migration } from './migrations.js';
import { readLogEntries, replayEntries, type LogEntry } from './shard-log-entries.js';
import { ShardChanges } from './shard-changes.js';

export const SHARD_SCHEMA_VERSION = 1;

/** A snapshot of one worktree's sessions; `log_seq`: the last log entry it holds. */
const Snapshot = z.object({
  schema_version: z.literal(SHARD_SCHEMA_VERSION),
  log_seq: z.number().int().nonnegative().optional(),
  sessions: z.array(Session),
});
type Snapshot = z.infer<typeof Snapshot>;

/** The log is folded into the snapshot once it is this long and as long as the snapshot. */
export const DEFAULT_COMPACT_BYTES = 256 * 1024;

const ESTIMATED_RECORD_BYTES = 500;

export interface ShardOptions {
  /** `<worktree id>.json`; the log is beside it as `<worktree id>.log`. */
  file: string;
  migrations: readonly Migration[];
  log: Logger;
  files: FileLayer;
  /** The least log length at which it is compacted (DEFAULT_COMPACT_BYTES). */
  compactBytes: number;
}

/**
 * One worktree's sessions: a snapshot file plus an append-only log of what each write changed.
 * A write appends one fdatasynced line holding the changed records, so its cost does not depend
 * on how many sessions the worktree has; writes that arrive while one is in flight share the
 * next line. Once the log outgrows the snapshot, the snapshot is rewritten atomically (with its
 * `.bak`) and the log emptied, between writes, so the amortized bytes per write stay constant.
 *
 * Memory is never left ahead of the disk: a failed append puts the sessions back as the last
 * acknowledged write left them, and every commit whose change that wiped fails with the error.
 * Records are replaced, never changed in place: a write finds what changed by identity.
 */
export class SessionShard {
  private readonly changes: ShardChanges;
  private readonly writes = new GroupCommit({
    write: () => this.write(),
    rollBack: (error) => {
      this.changes.rollBack();
      return new StorageWriteError(this.logFile.file, error);
    },
    log: (line) => this.options.log(line),
  });
  private readonly logFile: LineFile;
  private compactAt: number;

  private constructor(
    private readonly options: ShardOptions,
    sessions: Session[],
    private seq: number,
    private logBytes: number,
    private snapshotBytes: number,
  ) {
    this.changes = new ShardChanges(sessions);
    this.logFile = new LineFile(logPath(options.file), options.log, options.files);
    this.compactAt = this.threshold();
  }

  static async open(options: ShardOptions): Promise<SessionShard> {
    const { entries, bytes } = await readLogEntries(
      logPath(options.file),
      options.log,
      options.files,
    );
    const document = {
      file: options.file,
      schema: Snapshot,
      version: SHARD_SCHEMA_VERSION,
      migrations: options.migrations,
      log: options.log,
      files: options.files,
      initial: (): Snapshot => ({ schema_version: SHARD_SCHEMA_VERSION, sessions: [] }),
      amend: (raw: unknown) => replayEntries(raw, entries),
    };
    const snapshot =
      (await loadWithRecovery<Snapshot>(document)) ?? fromLogAlone(document.initial(), entries);
    // Replay leaves `log_seq` at the last entry it applied: writes are numbered on from there.
    const seq = snapshot.log_seq ?? 0;
    // An estimate, to spare a start-up from serializing every shard; compaction measures it.
    const size = snapshot.sessions.length * ESTIMATED_RECORD_BYTES;
    return new SessionShard(options, snapshot.sessions, seq, bytes, size);
  }

  /** The sessions, in order. Shared: change them only inside `update`. */
  get sessions(): readonly Session[] {
    return this.changes.sessions;
  }

  get(sessionId: string): Session | undefined {
    return this.changes.get(sessionId);
  }

  /** Apply `mutate` in memory, then resolve with its result once the change is durable. */
  async update<R>(mutate: (sessions: Session[]) => R): Promise<R> {
    const result = this.changes.apply(mutate);
    await this.writes.commit();
    return result;
  }

  /** Resolves when every commit requested so far has settled (on disk, or rolled back). */
  flushed(): Promise<void> {
    return this.writes.flushed();
  }

  /** Fold the log into the snapshot (at shut-down, so the next start reads one file). */
  async close(): Promise<void> {
    await this.flushed();
    if (this.logBytes > 0) await this.writes.queue(() => this.compact());
  }

  private async write(): Promise<void> {
    const batch = this.changes.take(this.seq + 1);
    if (!batch) return;
    const line = Buffer.from(batch.line);
    await this.logFile.append(line);
    this.seq += 1;
    this.logBytes += line.length;
    this.changes.saved(batch.sessions);
    if (this.logBytes >= this.compactAt) void this.writes.queue(() => this.compact());
  }

  /**
   * Rewrite the snapshot with every acknowledged write, then empty the log. A failure costs
   * nothing (the log still holds it all) and is retried once the log has doubled.
   */
  private async compact(): Promise<void> {
    const snapshot: Snapshot = {
      schema_version: SHARD_SCHEMA_VERSION,
      log_seq: this.seq,
      sessions: [...this.changes.savedSessions],
    };
    const text = JSON.stringify(snapshot);
    const { file, files, log } = this.options;
    try {
      await writeFileAtomic(file, text, { keepBackup: true, files });
      await files.truncate(this.logFile.file, 0);
    } catch (error) {
      // A rename that may not survive a power cut needs the log to stay, as does a failed one.
      const what = error instanceof FolderSyncError ? 'saved, but' : 'could not';
      log(`Grove store: ${what} compact ${file} (${String(error)}); its log is kept.`);
      this.compactAt = this.logBytes * 2;
      return;
    }
    this.logBytes = 0;
    this.snapshotBytes = text.length;
    this.compactAt = this.threshold();
  }

  private threshold(): number {
    return Math.max(this.snapshotBytes, this.options.compactBytes);
  }
}

export function logPath(snapshotFile: string): string {
  return snapshotFile.replace(/\.json$/, '.log');
}

/** A shard whose snapshot was never written: its log alone, validated as a snapshot would be. */
function fromLogAlone(initial: Snapshot, entries: readonly LogEntry[]): Snapshot {
  if (entries.length === 0) return initial;
  const parsed = Snapshot.safeParse(replayEntries(initial, entries));
  if (parsed.success) return parsed.data;
  throw new StoreCorruptError(
    `A session log holds records Grove cannot read: ${parsed.error.issues[0]?.message ?? ''}`,
  );
}
