import { promises as fs } from 'node:fs';
import { Low, type Adapter } from 'lowdb';
import type { z } from 'zod';
import { readFileIfExists, writeFileAtomic } from './durable-file.js';
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
}

/** lowdb adapter that writes atomically with fsync and keeps the previous version as a backup. */
class DurableAdapter<T> implements Adapter<T> {
  constructor(private readonly file: string) {}
  read(): Promise<T | null> {
    throw new Error('read through JsonDocument.open, which validates and recovers');
  }
  write(data: T): Promise<void> {
    return writeFileAtomic(this.file, JSON.stringify(data), { keepBackup: true });
  }
}

/**
 * One JSON file held in memory by lowdb. Mutations happen in memory and `commit()` resolves once
 * they are on disk; commits that arrive while a write is in flight share the next write.
 */
export class JsonDocument<T> {
  private pending: Promise<void> | null = null;
  private tail: Promise<void> = Promise.resolve();

  private constructor(private readonly low: Low<T>) {}

  get data(): T {
    return this.low.data;
  }

  static async open<T>(options: DocumentOptions<T>): Promise<JsonDocument<T>> {
    const data = (await loadWithRecovery(options)) ?? options.initial();
    const document = new JsonDocument(new Low(new DurableAdapter<T>(options.file), data));
    return document;
  }

  /** Apply `mutate` in memory, then resolve with its result once the change is durable. */
  async update<R>(mutate: (data: T) => R): Promise<R> {
    const result = mutate(this.low.data);
    await this.commit();
    return result;
  }

  commit(): Promise<void> {
    if (this.pending) return this.pending;
    const write = this.tail.then(() => {
      this.pending = null;
      return this.low.write();
    });
    this.pending = write;
    this.tail = write.catch(() => undefined);
    return write;
  }

  /** Resolves when every commit requested so far is on disk. */
  flushed(): Promise<void> {
    return this.tail;
  }
}

/**
 * Load the file, or else its `.bak`. A damaged file is moved aside only once the backup has
 * proven good: with no usable backup it stays where it is and opening fails, so the next start
 * cannot mistake the missing file for a fresh install and begin empty over the user's data.
 */
async function loadWithRecovery<T>(options: DocumentOptions<T>): Promise<T | null> {
  const { file, log } = options;
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
    await fs.rename(file, aside);
    log(`Grove store: ${file} is unreadable (${primary.reason}); moved it to ${aside}.`);
  }
  await writeFileAtomic(file, JSON.stringify(backup.data));
  log(`Grove store: restored ${file} from its last good backup (${file}.bak).`);
  return backup.data;
}

type LoadResult<T> = { ok: true; data: T } | { ok: false; reason: string };

async function tryLoad<T>(file: string, options: DocumentOptions<T>): Promise<LoadResult<T>> {
  const text = await readFileIfExists(file);
  if (text === null) return { ok: false, reason: 'missing' };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
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
    await writeFileAtomic(file, JSON.stringify(parsed.data));
    options.log(
      `Grove store: migrated ${file} from schema ${migrated.from} to ${options.version}.`,
    );
  }
  return { ok: true, data: parsed.data };
}
