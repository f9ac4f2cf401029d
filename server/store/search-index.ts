import type { Message } from '../contract/index.js';
import { Column } from './search-columns.js';

/** Documents per chunk: one UTF-8 buffer each, so a search is a few long `indexOf` scans. */
const CHUNK_SIZE = 4096;
/** One bit per pair of bytes: 8 KB per sealed chunk of 4,096 messages. */
const PAIR_BITS = 65536;
/** Never part of a query, so a match cannot run from one message into the next. */
const SEPARATOR = '\u0000';

export interface IndexedText {
  sessionId: string;
  messageId: string;
  createdAt: number;
  text: string;
}

export interface TextHit extends IndexedText {
  /** Where the match is in `text`. */
  start: number;
  end: number;
}

interface Chunk {
  firstDoc: number;
  /** The lowercased texts, until the chunk is full and encoded for good. */
  parts: string[] | null;
  /** The parts joined by SEPARATOR as UTF-8; encoded again after appends to the open chunk. */
  bytes: Buffer | null;
  /** Byte offset of each document in `bytes`, and where the next would start. */
  starts: number[];
  /** Once sealed, which byte pairs occur in `bytes`: a chunk lacking one of a query's is skipped. */
  pairs: Uint8Array | null;
}

/** [document, match offset in bytes from its start, its start in the chunk, its end]. */
type Found = [number, number, number, number];

/** The text a message contributes to search: its text parts, nothing the tools printed. */
export function searchableText(message: Message): string {
  return message.parts
    .filter((part) => part.type === 'text')
    .map((part) => part.text)
    .join('\n');
}

/** A message as the index keeps it. */
export function indexedText(message: Message): IndexedText {
  return {
    sessionId: message.session_id,
    messageId: message.id,
    createdAt: message.created_at,
    text: searchableText(message),
  };
}

/**
 * Every message's text in memory, in append order, lowercased into UTF-8 chunks. A query is a
 * case-insensitive substring scan from the newest chunk back, stopping once enough hits passed
 * the caller's filter: memchr-speed scanning finds any substring (code, paths, parts of words)
 * without a tokenizer's idea of a word. Per message it keeps columns, not objects, and the
 * lowercased bytes outside the JS heap.
 */
export class SearchIndex {
  private readonly sessionIds: string[] = [];
  private readonly sessionNumbers = new Map<string, number>();
  private readonly sessionOf = new Column(Uint32Array);
  private readonly createdAt = new Column(Float64Array);
  private readonly removed = new Column(Uint8Array);
  private readonly messageIds: string[] = [];
  private readonly texts: string[] = [];
  private readonly chunks: Chunk[] = [];
  /** How often each byte occurs in the sealed chunks: scans start at a rare one. */
  private readonly byteCounts = new Float64Array(256);
  /** Message id → document while a log is replayed: duplicates dropped, removals found fast. */
  private ids: Map<string, number> | null = null;
  removedCount = 0;

  get size(): number {
    return this.messageIds.length - this.removedCount;
  }

  /** Keep a map of message ids (while replaying a log) or drop it (to save the memory). */
  trackIds(on: boolean): void {
    this.ids = on ? new Map(this.messageIds.map((id, index) => [id, index])) : null;
  }

  add(doc: IndexedText): void {
    if (!doc.text || this.ids?.has(doc.messageId)) return;
    const index = this.messageIds.length;
    let session = this.sessionNumbers.get(doc.sessionId);
    if (session === undefined) {
      session = this.sessionIds.push(doc.sessionId) - 1;
      this.sessionNumbers.set(doc.sessionId, session);
    }
    this.sessionOf.push(session);
    this.createdAt.push(doc.createdAt);
    this.removed.push(0);
    this.messageIds.push(doc.messageId);
    this.texts.push(doc.text);
    this.ids?.set(doc.messageId, index);
    const lowered = doc.text.toLowerCase().replaceAll(SEPARATOR, ' ');
    let chunk = this.chunks.at(-1);
    if (!chunk?.parts || chunk.parts.length >= CHUNK_SIZE) {
      if (chunk) this.seal(chunk);
      chunk = { firstDoc: index, parts: [], bytes: null, starts: [0], pairs: null };
      this.chunks.push(chunk);
    }
    chunk.parts?.push(lowered);
    const bytes = Buffer.byteLength(lowered) + SEPARATOR.length;
    chunk.starts.push((chunk.starts.at(-1) as number) + bytes);
    chunk.bytes = null;
  }

  /** A full chunk keeps only its bytes. */
  private seal(chunk: Chunk): void {
    const bytes = this.bytesOf(chunk);
    chunk.parts = null;
    const counts = this.byteCounts;
    const pairs = new Uint8Array(PAIR_BITS / 8);
    for (let i = 0; i < bytes.length; i += 1) {
      const byte = bytes[i] as number;
      counts[byte] = (counts[byte] as number) + 1;
      const pair = (byte << 8) | (bytes[i + 1] ?? 0);
      pairs[pair >> 3] = (pairs[pair >> 3] as number) | (1 << (pair & 7));
    }
    chunk.pairs = pairs;
  }

  removeMessage(messageId: string): void {
    const index = this.ids ? this.ids.get(messageId) : this.messageIds.lastIndexOf(messageId);
    if (index !== undefined && index !== -1) this.remove(index);
  }

  removeSession(sessionId: string): void {
    const session = this.sessionNumbers.get(sessionId);
    if (session === undefined) return;
    const sessions = this.sessionOf.values;
    for (let index = 0; index < this.messageIds.length; index += 1) {
      if (sessions[index] === session) this.remove(index);
    }
  }

  private remove(index: number): void {
    if (this.removed.values[index]) return;
    this.removed.values[index] = 1;
    this.removedCount += 1;
    this.ids?.delete(this.messageIds[index] as string);
  }

  /** The documents still searchable, oldest first (what a compacted index file holds). */
  *live(): Generator<IndexedText> {
    for (let index = 0; index < this.messageIds.length; index += 1) {
      if (!this.removed.values[index]) yield this.doc(index);
    }
  }

  private doc(index: number): IndexedText {
    return {
      sessionId: this.sessionIds[this.sessionOf.values[index] as number] as string,
      messageId: this.messageIds[index] as string,
      createdAt: this.createdAt.values[index] as number,
      text: this.texts[index] as string,
    };
  }

  /** Newest first: at most `limit` hits whose session `accept` lets through, one per message. */
  search(query: string, limit: number, accept: (sessionId: string) => boolean): TextHit[] {
    const lowered = query.toLowerCase().replaceAll(SEPARATOR, ' ');
    const needle = Buffer.from(lowered);
    const hits: TextHit[] = [];
    if (!needle.length) return hits;
    const anchor = this.anchorOf(needle);
    for (let chunkIndex = this.chunks.length - 1; chunkIndex >= 0; chunkIndex -= 1) {
      const chunk = this.chunks[chunkIndex] as Chunk;
      if (chunk.pairs && !holdsEveryPair(chunk.pairs, needle)) continue;
      const bytes = this.bytesOf(chunk);
      const found = scan(bytes, chunk, needle, anchor);
      for (let i = found.length - 1; i >= 0; i -= 1) {
        const [index, offset, start, end] = found[i] as Found;
        if (this.removed.values[index]) continue;
        const doc = this.doc(index);
        if (!accept(doc.sessionId)) continue;
        const text = bytes.toString('utf8', start, end);
        const at = bytes.toString('utf8', start, start + offset).length;
        hits.push({ ...doc, ...originalRange(doc, text.length, at, lowered.length) });
        if (hits.length >= limit) return hits;
      }
    }
    return hits;
  }

  /**
   * Where in the needle to start looking: `indexOf` runs at memchr speed only while the first
   * byte of what it looks for is rare, so it looks for the needle's tail from its rarest one.
   */
  private anchorOf(needle: Buffer): number {
    let best = 0;
    for (let i = 1; i < needle.length; i += 1) {
      const count = this.byteCounts[needle[i] as number] as number;
      // Not inside a multi-byte character: the tail must be valid where it starts.
      const continuation = ((needle[i] as number) & 0xc0) === 0x80;
      if (!continuation && count < (this.byteCounts[needle[best] as number] as number)) best = i;
    }
    return best;
  }

  private bytesOf(chunk: Chunk): Buffer {
    chunk.bytes ??= Buffer.from((chunk.parts ?? []).join(SEPARATOR) + SEPARATOR);
    return chunk.bytes;
  }
}

/** Whether every pair of adjacent bytes of `needle` occurs in the chunk whose pairs these are. */
function holdsEveryPair(pairs: Uint8Array, needle: Buffer): boolean {
  for (let i = 0; i + 1 < needle.length; i += 1) {
    const pair = ((needle[i] as number) << 8) | (needle[i + 1] as number);
    if (!((pairs[pair >> 3] as number) & (1 << (pair & 7)))) return false;
  }
  return true;
}

/** The first match in each matching document of a chunk. */
function scan(bytes: Buffer, chunk: Chunk, needle: Buffer, anchor: number): Found[] {
  const { starts } = chunk;
  const found: Found[] = [];
  const tail = needle.subarray(anchor);
  let from = anchor;
  for (;;) {
    const tailAt = bytes.indexOf(tail, from);
    if (tailAt === -1) return found;
    const at = tailAt - anchor;
    if (anchor > 0 && bytes.compare(needle, 0, anchor, at, tailAt) !== 0) {
      from = tailAt + 1;
      continue;
    }
    const local = lastStartAtOrBefore(starts, at);
    const start = starts[local] as number;
    const end = (starts[local + 1] as number) - SEPARATOR.length;
    found.push([chunk.firstDoc + local, at - start, start, end]);
    // One hit per message: go on from the next one.
    from = end + SEPARATOR.length + anchor;
  }
}

/**
 * Lowercasing keeps the length of almost all text, and so the match's offsets; where it did not
 * (a few letters lowercase to two characters), the snippet starts at the text's start instead.
 */
function originalRange(doc: IndexedText, loweredLength: number, at: number, length: number) {
  if (loweredLength === doc.text.length) return { start: at, end: at + length };
  return { start: 0, end: 0 };
}

/** The document whose bytes hold `position`; `starts` ends with the end of the last one. */
function lastStartAtOrBefore(starts: readonly number[], position: number): number {
  let low = 0;
  let high = starts.length - 2;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((starts[middle] ?? 0) <= position) low = middle;
    else high = middle - 1;
  }
  return low;
}
