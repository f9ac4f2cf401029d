// Building the search index from its log at start: the log replayed into memory while the
// lowercased text file is written anew, the log compacted once it holds removed messages, and a
// new log written from the transcripts when it is missing or torn.
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { isCode } from './durable-file.js';
import { Column, mappedArray } from './search-columns.js';
import {
  IndexReader,
  SliceWriter,
  forEachLine,
  addLine,
  docOfLine,
  parseLine,
  type IndexLine,
  type IndexedText,
} from './search-disk.js';
import { SearchIndex } from './search-index.js';
import { lowered } from './search-scan.js';

/** A 32-bit FNV-1a hash of a message id: equal ids have equal hashes, the id itself is on disk. */
function idHash(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i += 1) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/**
 * Message id hash → message while the log is replayed (open addressing in one typed array), so
 * a repeated message is dropped and a removal finds its message without scanning them all.
 * Dropped once the index is loaded: the ids themselves are on disk, in the log.
 */
export class IdTable {
  /** Message + 1; 0 is an empty slot. */
  private slots = mappedArray(Int32Array, 1 << 12).values;
  /** Each message's id hash, by message number. */
  private readonly hashes = new Column(Uint32Array);
  private used = 0;

  constructor(private readonly index: SearchIndex) {}

  /** Note `message`, the one just added to the index. */
  insert(message: number, messageId: string): void {
    this.hashes.push(idHash(messageId));
    if ((this.used + 1) * 2 > this.slots.length) {
      const old = this.slots;
      this.slots = mappedArray(Int32Array, old.length * 2).values;
      for (const entry of old) if (entry) this.place(entry - 1);
    }
    this.place(message);
    this.used += 1;
  }

  /** The messages still searchable whose id hashes as `messageId` does. */
  candidates(messageId: string): number[] {
    const hash = idHash(messageId);
    const found: number[] = [];
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; this.slots[slot]; slot = (slot + 1) & mask) {
      const message = (this.slots[slot] as number) - 1;
      if (this.hashes.values[message] === hash && !this.index.isRemoved(message))
        found.push(message);
    }
    return found;
  }

  private place(message: number): void {
    const mask = this.slots.length - 1;
    let slot = (this.hashes.values[message] as number) & mask;
    while (this.slots[slot]) slot = (slot + 1) & mask;
    this.slots[slot] = message + 1;
  }
}

/** The searchable message with this id (hashes narrow it, the log has the id), or null. */
export async function findMessage(
  index: SearchIndex,
  candidates: Iterable<number>,
  messageId: string,
  reader: IndexReader,
): Promise<number | null> {
  for (const message of candidates) {
    if ((await reader.doc(index.logOffsetOf(message))).messageId === messageId) return message;
  }
  return null;
}

export interface Replayed {
  index: SearchIndex;
  ids: IdTable;
  /** The log's length: where the next line goes. */
  logBytes: number;
  /** Some line is not one: a crash tore an append, and messages may be missing. */
  torn: boolean;
}

/**
 * Replay `logFile` into a new index, writing `textFile` anew; null when there is no log. Read in
 * slices, so the event loop keeps serving requests and the whole file is never in memory.
 */
export async function replayLog(logFile: string, textFile: string): Promise<Replayed | null> {
  const index = new SearchIndex();
  const ids = new IdTable(index);
  const text = await SliceWriter.create(textFile);
  const reader = await IndexReader.open(logFile, textFile).catch(async (error: unknown) => {
    await text.close();
    if (isCode(error, 'ENOENT')) return null;
    throw error;
  });
  if (!reader) return null;
  let torn = false;
  let logBytes = 0;
  const find = (messageId: string) => {
    const candidates = ids.candidates(messageId);
    return candidates.length ? findMessage(index, candidates, messageId, reader) : null;
  };
  // No search reads this index before the replay ends, so it may run ahead of the text file.
  const add = (doc: IndexedText, offset: number) =>
    text.append(lowered(doc.text), (bytes) => {
      index.add(doc, offset, bytes);
      ids.insert(index.count - 1, doc.messageId);
    });
  // Async only where it has to be: most lines need no wait, and a million awaits add up.
  const apply = (line: IndexLine | null, offset: number): Promise<void> | undefined => {
    if (!line) torn = true;
    else if (line[0] === 'd') index.removeSession(line[1]);
    else if (line[0] === 'r') {
      const message = find(line[1]);
      if (message) {
        return message.then((found) => {
          if (found !== null) index.remove(found);
        });
      }
    } else {
      const doc = docOfLine(line);
      if (!doc.text) return undefined;
      const repeated = find(doc.messageId);
      if (!repeated) return add(doc, offset);
      return repeated.then((found) => (found === null ? add(doc, offset) : undefined));
    }
    return undefined;
  };
  try {
    const rest = await forEachLine(logFile, (bytes, start, end, offset) => {
      logBytes = offset + end + 1 - start;
      return end > start ? apply(parseLine(bytes.toString('utf8', start, end)), offset) : undefined;
    });
    // A last line without its newline was torn, even when it parses: the next append would join it.
    if (rest) torn = true;
    return { index, ids, logBytes, torn };
  } finally {
    await reader.close();
    await text.close();
  }
}

/** Rewrite the log with the searchable messages' lines only (through a temp file). */
export async function compactLog(logFile: string, index: SearchIndex): Promise<void> {
  let message = 0;
  await replaceLog(logFile, (write) =>
    forEachLine(logFile, (bytes, start, end, offset) => {
      while (message < index.count && index.logOffsetOf(message) < offset) message += 1;
      const kept =
        message < index.count && index.logOffsetOf(message) === offset && !index.isRemoved(message);
      // A copy: the bytes are only valid during the call.
      return kept ? write(Buffer.from(bytes.subarray(start, end + 1))) : undefined;
    }).then(() => undefined),
  );
}

/** A new log holding `docs`, in time order: search answers newest first by position. */
export async function writeLog(logFile: string, docs: IndexedText[]): Promise<void> {
  docs.sort((a, b) => a.createdAt - b.createdAt);
  await replaceLog(logFile, async (write) => {
    for (const doc of docs) if (doc.text) await write(`${JSON.stringify(addLine(doc))}\n`);
  });
}

/** Write a new `logFile` through a temp file, so a crash leaves the old file or the new one. */
async function replaceLog(
  logFile: string,
  fill: (write: (data: string | Buffer) => Promise<void> | undefined) => Promise<void>,
): Promise<void> {
  const temp = `${logFile}.tmp`;
  const out = createWriteStream(temp, { mode: 0o600 });
  const failed = once(out, 'error').then(([error]) => Promise.reject(error as Error));
  failed.catch(() => undefined);
  try {
    await Promise.race([
      failed,
      // A promise only when the stream is full, so a compaction awaits once per slice.
      fill((data) =>
        out.write(data)
          ? undefined
          : Promise.race([once(out, 'drain'), failed]).then(() => undefined),
      ),
    ]);
    await Promise.race([failed, new Promise<void>((resolve) => out.end(resolve))]);
    await rename(temp, logFile);
  } catch (error) {
    out.destroy();
    await rm(temp, { force: true });
    throw error;
  }
}
