import { Low, type Adapter } from 'lowdb';
import type { z } from 'zod';
import {
  FolderSyncError,
  readFileIfExists,
  StorageWriteError,
  writeFileAtomic,
} from './durable-file.js';
import { GroupCommit } from './group-commit.js';
import { realFiles, type FileLayer } from './file-layer.js';
import { runMigrations, type Migration } from './migrations.js';

export type Logger = (message: string) => void;

export class StoreCorruptError extends Error {
  override name = 'StoreCorruptError';
}

export interface DocumentOptions<T> {
  file: string;
  schema: z.ZodType<T>;
  version: number;
  migrations: readonly Migration[];
  initial: () => T;
  log: Logger;
  /** The file system to use; node's own unless a test records or breaks it. */
  files?: FileLayer;
  /** Applied to the parsed file before migrations and validation (a log replayed over it). */
  amend?: (raw: unknown) => unknown;
}

/**
 * lowdb adapter that writes atomically with fsync and keeps the previous version as a backup.
 * It remembers the text of its last successful write: what is on disk, to roll back to.
 */
class DurableAdapter<T> implements Adapter<T> {
  constructor(
    private readonly file: string,
    public saved: string,
    private readonly log: Logger,
    private readonly files: FileLayer,
  ) {}
  read(): Promise<T | null> {
    throw new Error('read through JsonDocument.open, which validates and recovers');
  }
  async write(data: T): Promise<void> {
    const text = JSON.stringify(data);
    try {
      await writeFileAtomic(this.file, text, { keepBackup: true, files: this.files });
    } catch (error) {
      if (!(error instanceof FolderSyncError)) throw error;
      // The new text is already visible in the file: reporting it unsaved (and rolling memory
      // back) would let a change the caller was told failed reappear after a restart.
      this.log(`Grove store: saved ${this.file}, but ${error.message}.`);
    }
    this.saved = text;
  }
}

/**
 * One JSON file held in memory by lowdb. Mutations happen in memory and `commit()` resolves once
 * they are on disk. Commits share writes, and a failed write puts the data back as the last
 * successful write saved it (group-commit.ts).
 */
export class JsonDocument<T> {
  private readonly writes = new GroupCommit({
    write: () => this.low.write(),
    rollBack: (error) => {
      this.low.data = JSON.parse(this.adapter.saved) as T;
      return new StorageWriteError(this.options.file, error);
    },
    log: (line) => this.options.log(line),
  });

  private constructor(
    private readonly low: Low<T>,
    private readonly adapter: DurableAdapter<T>,
    private readonly options: DocumentOptions<T>,
  ) {}

  get data(): T {
    return this.low.data;
  }

  static async open<T>(options: DocumentOptions<T>): Promise<JsonDocument<T>> {
    const data = (await loadWithRecovery(options)) ?? options.initial();
    // A document never written yet rolls back to its initial content, as a restart would load.
    const adapter = new DurableAdapter<T>(
      options.file,
      JSON.stringify(data),
      options.log,
      options.files ?? realFiles,
    );
    return new JsonDocument(new Low(adapter, data), adapter, options);
  }

  /** Apply `mutate` in memory, then resolve with its result once the change is durable. */
  async update<R>(mutate: (data: T) => R): Promise<R> {
    const result = mutate(this.low.data);
    await this.commit();
    return result;
  }

  /** Resolves once the in-memory changes made so far are on disk; rejects if they were undone. */
  commit(): Promise<void> {
    return this.writes.commit();
  }

  /** Resolves when every commit requested so far has settled (on disk, or rolled back). */
  flushed(): Promise<void> {
    return this.writes.flushed();
  }
}

/**
 * Load the file, or else its `.bak`. A damaged file is moved aside only once the backup has
 * proven good: with no usable backup it stays where it is and opening fails, so the next start
 * cannot mistake the missing file for a fresh install and begin empty over the user's data.
 */
export async function loadWithRecovery<T>(options: DocumentOptions<T>): Promise<T | null> {
  const { file, log } = options;
  const files = options.files ?? realFiles;
  const primary = await tryLoad(file, options);
  if (primary.ok) return primary.data;
  const backup = await tryLoad(`${file}.bak`, options);
  if (!backup.ok) {
    if (primary.reason === 'missing' && backup.reason === 'missing') return null;
    const problem = primary.reason === 'missing' ? 'is missing' : `is damaged (${primary.reason})`;
    throw new StoreCorruptError(
      `${file} ${problem} and no usable backup exists (${file}.bak: ${backup.reason}). ` +
        'Grove will not start over your data; restore the file or move it away to start fresh.',
    );
  }
  if (primary.reason !== 'missing') {
    const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await files.rename(file, aside);
    log(`Grove store: ${file} is unreadable (${primary.reason}); moved it to ${aside}.`);
  }
  await writeFileAtomic(file, JSON.stringify(backup.data), { files });
  log(`Grove store: restored ${file} from its last good backup (${file}.bak).`);
  return backup.data;
}

type LoadResult<T> = { ok: true; data: T } | { ok: false; reason: string };

async function tryLoad<T>(file: string, options: DocumentOptions<T>): Promise<LoadResult<T>> {
  const files = options.files ?? realFiles;
  const text = await readFileIfExists(file, files);
  if (text === null) return { ok: false, reason: 'missing' };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
    if (options.amend) raw = options.amend(raw);
  } catch (error) {
    return { ok: false, reason: `invalid JSON: ${(error as Error).message}` };
  }
  const migrated = await runMigrations(raw, file, options);
  if (!migrated.ok) return { ok: false, reason: `unexpected content: ${migrated.reason}` };
  const parsed = options.schema.safeParse(migrated.data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      reason: `unexpected content: ${issue ? `${issue.path.join('.')} ${issue.message}` : ''}`,
    };
  }
  if (migrated.from !== null) {
    // Written back only once it validates; the original is kept as `<file>.v<N>.bak`.
    await writeFileAtomic(file, JSON.stringify(parsed.data), { files });
    options.log(
      `Grove store: migrated ${file} from schema ${migrated.from} to ${options.version}.`,
    );
  }
  return { ok: true, data: parsed.data };
}
