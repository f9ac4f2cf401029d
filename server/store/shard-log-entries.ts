// The lines of a session shard's log: what one write changed, replayed over the shard's snapshot.
import { isCode } from './durable-file.js';
import type { FileLayer } from './file-layer.js';
import type { Logger } from './json-document.js';
import { LineFile, splitLines } from './line-file.js';

/**
 * One acknowledged write: whole session records (new ones go last), ids removed, and the full
 * order when the write changed it otherwise. `seq` counts writes since the shard's first one; a
 * snapshot's `log_seq` says which it already holds, so replay skips those (a crash between the
 * snapshot's rename and the log's truncation leaves them in both).
 */
export interface LogEntry {
  seq: number;
  put: { id: string }[];
  delete: string[];
  order?: string[];
}

/** The log's entries in order, its torn end (from a crash mid-append) cut off first. */
export async function readLogEntries(
  file: string,
  log: Logger,
  files: FileLayer,
): Promise<{ entries: LogEntry[]; bytes: number }> {
  let buffer: Buffer;
  try {
    buffer = await files.readFile(file);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return { entries: [], bytes: 0 };
    throw error;
  }
  const { lines, whole } = splitLines(buffer);
  // Only the last append can be cut short, and it was never acknowledged.
  if (whole < buffer.length) await new LineFile(file, log, files).truncateAt(whole, buffer.length);
  const entries: LogEntry[] = [];
  for (const { text, at } of lines) {
    const entry = parseEntry(text);
    if (entry) entries.push(entry);
    else log(`Grove store: skipped an unreadable line at byte ${at} of ${file}.`);
  }
  return { entries, bytes: whole };
}

/**
 * `raw` (a parsed snapshot, `{schema_version, log_seq?, sessions}`) with the entries it does not
 * hold yet applied. Records stay unvalidated: the whole result is validated afterwards, as a
 * snapshot alone is. Anything not shaped like a snapshot is returned as it is, to fail there.
 */
export function replayEntries(raw: unknown, entries: readonly LogEntry[]): unknown {
  if (typeof raw !== 'object' || raw === null || !('sessions' in raw)) return raw;
  const { sessions } = raw as { sessions: unknown };
  if (!Array.isArray(sessions)) return raw;
  const from = 'log_seq' in raw && typeof raw.log_seq === 'number' ? raw.log_seq : 0;
  const newer = entries.filter((entry) => entry.seq > from);
  if (newer.length === 0) return raw;
  // A Map keeps insertion order: a known id is replaced in place, a new one goes last.
  let byId = new Map<unknown, unknown>(
    sessions.map((session: unknown) => [(session as { id?: unknown } | null)?.id, session]),
  );
  for (const entry of newer) {
    for (const id of entry.delete) byId.delete(id);
    for (const session of entry.put) byId.set(session.id, session);
    if (entry.order) byId = reordered(byId, entry.order);
  }
  return { ...raw, sessions: [...byId.values()], log_seq: newer.at(-1)?.seq ?? from };
}

/** `ids` first, in that order; anything they leave out after them, as it was. */
function reordered(byId: Map<unknown, unknown>, ids: readonly string[]): Map<unknown, unknown> {
  const result = new Map<unknown, unknown>();
  for (const id of ids) if (byId.has(id)) result.set(id, byId.get(id));
  for (const [id, session] of byId) if (!result.has(id)) result.set(id, session);
  return result;
}

function parseEntry(text: string): LogEntry | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const entry = value as Partial<LogEntry>;
  const isId = (id: unknown): id is string => typeof id === 'string';
  const valid =
    typeof entry.seq === 'number' &&
    Array.isArray(entry.put) &&
    entry.put.every((session) => isId((session as { id?: unknown } | null)?.id)) &&
    Array.isArray(entry.delete) &&
    entry.delete.every(isId) &&
    (entry.order === undefined || (Array.isArray(entry.order) && entry.order.every(isId)));
  return valid ? (entry as LogEntry) : null;
}
