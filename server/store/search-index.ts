import type { Message } from '../contract/index.js';

/** Documents per chunk: one lowercased string each, so a search is a few long `indexOf` scans. */
const CHUNK_SIZE = 4096;
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
  /** The lowercased texts, until the chunk is full and joined for good. */
  parts: string[] | null;
  /** The parts joined by SEPARATOR; joined again after appends to the open chunk. */
  joined: string | null;
  /** Offset of each document in `joined`, and where the next would start. */
  starts: number[];
}

/** [document, match offset in its lowercased text, that text's length]. */
type Found = [number, number, number];

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
 * Every message's text in memory, in append order, lowercased into chunks. A query is a
 * case-insensitive substring scan from the newest chunk back, stopping once enough hits passed
 * the caller's filter: memchr-speed scanning finds any substring (code, paths, parts of words)
 * without a tokenizer's idea of a word.
 */
export class SearchIndex {
  private readonly docs: IndexedText[] = [];
  private readonly removed = new Set<number>();
  private readonly bySession = new Map<string, number[]>();
  private readonly byMessage = new Map<string, number>();
  private readonly chunks: Chunk[] = [];
  /** How often each UTF-16 code unit occurs in the lowercased texts: scans start at a rare one. */
  private readonly charCounts = new Uint32Array(65536);

  get size(): number {
    return this.docs.length - this.removed.size;
  }

  add(doc: IndexedText): void {
    if (!doc.text || this.byMessage.has(doc.messageId)) return;
    const index = this.docs.length;
    const ofSession = this.bySession.get(doc.sessionId);
    // One copy of each session id, however many messages name it.
    const sessionId = ofSession
      ? (this.docs[ofSession[0] as number] as IndexedText).sessionId
      : doc.sessionId;
    this.docs.push({ ...doc, sessionId });
    this.byMessage.set(doc.messageId, index);
    if (ofSession) ofSession.push(index);
    else this.bySession.set(doc.sessionId, [index]);
    const lowered = doc.text.toLowerCase().replaceAll(SEPARATOR, ' ');
    const counts = this.charCounts;
    for (let i = 0; i < lowered.length; i += 1) {
      const code = lowered.charCodeAt(i);
      counts[code] = (counts[code] ?? 0) + 1;
    }
    let chunk = this.chunks.at(-1);
    if (!chunk?.parts || chunk.parts.length >= CHUNK_SIZE) {
      if (chunk) this.seal(chunk);
      chunk = { firstDoc: index, parts: [], joined: null, starts: [0] };
      this.chunks.push(chunk);
    }
    chunk.parts?.push(lowered);
    chunk.starts.push((chunk.starts.at(-1) as number) + lowered.length + SEPARATOR.length);
    chunk.joined = null;
  }

  /** A full chunk keeps only its joined text. */
  private seal(chunk: Chunk): void {
    this.joinedText(chunk);
    chunk.parts = null;
  }

  removeMessage(messageId: string): void {
    const index = this.byMessage.get(messageId);
    if (index === undefined) return;
    this.removed.add(index);
    this.byMessage.delete(messageId);
  }

  removeSession(sessionId: string): void {
    for (const index of this.bySession.get(sessionId) ?? []) {
      this.removed.add(index);
      const doc = this.docs[index];
      if (doc) this.byMessage.delete(doc.messageId);
    }
    this.bySession.delete(sessionId);
  }

  /** The documents still searchable, oldest first (what a compacted index file holds). */
  *live(): Generator<IndexedText> {
    for (let index = 0; index < this.docs.length; index += 1) {
      const doc = this.docs[index];
      if (doc && !this.removed.has(index)) yield doc;
    }
  }

  get removedCount(): number {
    return this.removed.size;
  }

  /** Newest first: at most `limit` hits whose session `accept` lets through, one per message. */
  search(query: string, limit: number, accept: (sessionId: string) => boolean): TextHit[] {
    const needle = query.toLowerCase().replaceAll(SEPARATOR, ' ');
    const hits: TextHit[] = [];
    if (!needle) return hits;
    const anchor = this.anchorOf(needle);
    for (let chunkIndex = this.chunks.length - 1; chunkIndex >= 0; chunkIndex -= 1) {
      const chunk = this.chunks[chunkIndex];
      if (!chunk) continue;
      const found = this.scan(chunk, needle, anchor);
      for (let i = found.length - 1; i >= 0; i -= 1) {
        const [index, offset, loweredLength] = found[i] as Found;
        const doc = this.docs[index];
        if (!doc || this.removed.has(index) || !accept(doc.sessionId)) continue;
        hits.push({ ...doc, ...originalRange(doc, offset, loweredLength, needle.length) });
        if (hits.length >= limit) return hits;
      }
    }
    return hits;
  }

  /**
   * Where in the needle to start looking: `indexOf` runs at memchr speed only while the first
   * character of what it looks for is rare, so it looks for the needle's tail from its rarest one.
   */
  private anchorOf(needle: string): number {
    let best = 0;
    for (let i = 1; i < needle.length; i += 1) {
      const count = this.charCounts[needle.charCodeAt(i)] ?? 0;
      if (count < (this.charCounts[needle.charCodeAt(best)] ?? 0)) {
        best = i;
      }
    }
    return best;
  }

  /** The first match in each matching document of a chunk. */
  private scan(chunk: Chunk, needle: string, anchor: number): Found[] {
    const joined = this.joinedText(chunk);
    const { starts } = chunk;
    const found: Found[] = [];
    const tail = needle.slice(anchor);
    let from = anchor;
    for (;;) {
      const tailAt = joined.indexOf(tail, from);
      if (tailAt === -1) return found;
      const at = tailAt - anchor;
      if (!joined.startsWith(needle.slice(0, anchor), at)) {
        from = tailAt + 1;
        continue;
      }
      const local = lastStartAtOrBefore(starts, at);
      const start = starts[local] as number;
      // The lowercased text's length, to tell whether lowercasing kept offsets.
      const length = (starts[local + 1] as number) - start - SEPARATOR.length;
      found.push([chunk.firstDoc + local, at - start, length]);
      // One hit per message: go on from the next one.
      from = start + length + SEPARATOR.length + anchor;
    }
  }

  private joinedText(chunk: Chunk): string {
    chunk.joined ??= (chunk.parts ?? []).join(SEPARATOR);
    return chunk.joined;
  }
}

/**
 * Lowercasing keeps the length of almost all text, and so the match's offsets; where it did not
 * (a few letters lowercase to two characters), the snippet starts at the text's start instead.
 */
function originalRange(doc: IndexedText, offset: number, loweredLength: number, length: number) {
  if (loweredLength === doc.text.length) return { start: offset, end: offset + length };
  return { start: 0, end: 0 };
}

/** The document whose text holds `position`; `starts` ends with the end of the last one. */
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
