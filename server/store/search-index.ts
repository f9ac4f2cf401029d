import type { Message } from '../contract/index.js';
import { Column } from './search-columns.js';
import type { IndexReader, IndexedText } from './search-disk.js';
import {
  PAIR_FILTER_BYTES,
  anchorOf,
  holdsEveryPair,
  lowered,
  originalRange,
  recordBytes,
  scanBlock,
  type BlockMatch,
} from './search-scan.js';

export type { IndexedText } from './search-disk.js';

/** Messages per block: each keeps a byte-pair filter, so a search skips blocks that cannot match. */
const BLOCK_SIZE = 4096;
/** Blocks are read in runs of about this many bytes (8 MB reads measured no faster, and cost RSS). */
const READ_BYTES = 1 << 20;
/** Offsets within a block are kept in 32 bits; a block this long ends early. */
const MAX_BLOCK_OFFSET = 0xffffffff;
/** No message: the end of a session's chain. */
const NONE = 0xffffffff;

export interface TextHit extends IndexedText {
  /** Where the match is in `text`. */
  start: number;
  end: number;
}

interface Block {
  firstMessage: number;
  /** Where the block's lowercased text starts in the text file, and its first line in the log. */
  textBase: number;
  logBase: number;
  /** Which byte pairs occur in the block's text: a block lacking one of a query's is skipped. */
  pairs: Uint8Array;
}

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
 * Where every indexed message is, in append order: a few bytes per message in memory, the
 * texts on disk (the lowercased text file the scans read, the log holding the original texts).
 * A query is a case-insensitive substring scan from the newest block back, stopping once enough
 * hits passed the caller's filter: memchr-speed scanning finds any substring (code, paths, parts
 * of words) without a tokenizer's idea of a word.
 */
export class SearchIndex {
  private readonly sessionIds: string[] = [];
  private readonly sessionNumbers = new Map<string, number>();
  private readonly sessionOf = new Column(Uint32Array);
  /** Each message's session's message before it (NONE for its first), so a session is a chain. */
  private readonly previousInSession = new Column(Uint32Array);
  /** Each session's newest message, by session number. */
  private readonly newestInSession: number[] = [];
  private readonly removed = new Column(Uint8Array);
  /** Where each message's line starts in the log, from its block's first. */
  private readonly logOffsets = new Column(Uint32Array);
  private readonly blocks: Block[] = [];
  /** How often each byte occurs in the text: scans start at a rare one. */
  private readonly byteCounts = new Float64Array(256);
  /** The read buffer of one search at a time, kept so searches do not churn one each. */
  private spare: Buffer | null = null;
  count = 0;
  private textBytes = 0;
  removedCount = 0;

  /** Add the message whose `a` line is at `logOffset` in the log; its `bytes` end the text file. */
  add(doc: IndexedText, logOffset: number, bytes: Buffer): void {
    let block = this.blocks.at(-1);
    if (
      !block ||
      this.count - block.firstMessage >= BLOCK_SIZE ||
      this.textBytes - block.textBase > MAX_BLOCK_OFFSET ||
      logOffset - block.logBase > MAX_BLOCK_OFFSET
    ) {
      block = {
        firstMessage: this.count,
        textBase: this.textBytes,
        logBase: logOffset,
        pairs: new Uint8Array(PAIR_FILTER_BYTES),
      };
      this.blocks.push(block);
    }
    let session = this.sessionNumbers.get(doc.sessionId);
    if (session === undefined) {
      session = this.sessionIds.push(doc.sessionId) - 1;
      this.sessionNumbers.set(doc.sessionId, session);
    }
    this.sessionOf.push(session);
    this.previousInSession.push(this.newestInSession[session] ?? NONE);
    this.newestInSession[session] = this.count;
    this.removed.push(0);
    this.logOffsets.push(logOffset - block.logBase);
    recordBytes(bytes, block.pairs, this.byteCounts);
    this.textBytes += bytes.length;
    this.count += 1;
  }

  isRemoved(message: number): boolean {
    return this.removed.values[message] === 1;
  }

  remove(message: number): void {
    if (this.removed.values[message]) return;
    this.removed.values[message] = 1;
    this.removedCount += 1;
  }

  removeSession(sessionId: string): void {
    for (const message of this.messagesOf(sessionId)) this.remove(message);
  }

  /** The newest message of the session still searchable, or null. */
  newestOf(sessionId: string): number | null {
    for (const message of this.searchableOf(sessionId)) return message;
    return null;
  }

  /** The session's messages still searchable, newest first. */
  *searchableOf(sessionId: string): Generator<number> {
    for (const message of this.messagesOf(sessionId)) {
      if (!this.removed.values[message]) yield message;
    }
  }

  /** The session's messages, newest first, removed ones too: its chain, not a scan of all. */
  private *messagesOf(sessionId: string): Generator<number> {
    const session = this.sessionNumbers.get(sessionId);
    if (session === undefined) return;
    const previous = this.previousInSession.values;
    for (let message = this.newestInSession[session] ?? NONE; message !== NONE;) {
      yield message;
      message = previous[message] as number;
    }
  }

  /** Where the message's `a` line starts in the log. */
  logOffsetOf(message: number): number {
    const block = this.blocks[this.blockOf(message)] as Block;
    return block.logBase + (this.logOffsets.values[message] as number);
  }

  /** Newest first: at most `limit` hits whose session `accept` lets through, one per message. */
  async search(
    query: string,
    limit: number,
    accept: (sessionId: string) => boolean,
    reader: IndexReader,
  ): Promise<TextHit[]> {
    const loweredQuery = lowered(query);
    const needle = Buffer.from(loweredQuery);
    const hits: TextHit[] = [];
    if (!needle.length) return hits;
    const anchor = anchorOf(needle, this.byteCounts);
    // What this search covers: messages added meanwhile are newer than any it looks at.
    const ends = this.blocks.map((_, index) => this.blockEnd(index));
    const candidate = (index: number) =>
      holdsEveryPair((this.blocks[index] as Block).pairs, needle);
    const buffer = this.spare ?? Buffer.allocUnsafe(READ_BYTES);
    this.spare = null;
    try {
      let high = ends.length - 1;
      while (high >= 0) {
        if (!candidate(high)) {
          high -= 1;
          continue;
        }
        // A run of neighbouring candidate blocks, read at once.
        const runEnd = ends[high] as number;
        let low = high;
        while (low > 0 && candidate(low - 1) && runEnd - this.textBase(low - 1) <= READ_BYTES) {
          low -= 1;
        }
        const runBase = this.textBase(low);
        const bytes = await reader.lowered(runBase, runEnd - runBase, buffer);
        for (let index = high; index >= low; index -= 1) {
          const block = this.blocks[index] as Block;
          const text = bytes.subarray(block.textBase - runBase, (ends[index] as number) - runBase);
          const found = scanBlock(text, needle, anchor);
          for (let i = found.length - 1; i >= 0; i -= 1) {
            const match = found[i] as BlockMatch;
            const message = block.firstMessage + match.local;
            if (this.removed.values[message]) continue;
            const sessionId = this.sessionIds[this.sessionOf.values[message] as number] as string;
            if (!accept(sessionId)) continue;
            const doc = await reader.doc(this.logOffsetOf(message));
            const loweredText = text.toString('utf8', match.start, match.end);
            const at = text.toString('utf8', match.start, match.start + match.offset).length;
            const range = originalRange(doc.text, loweredText.length, at, loweredQuery.length);
            hits.push({ ...doc, ...range });
            if (hits.length >= limit) return hits;
          }
        }
        high = low - 1;
      }
      return hits;
    } finally {
      if (buffer.length === READ_BYTES) this.spare = buffer;
    }
  }

  private textBase(block: number): number {
    return (this.blocks[block] as Block).textBase;
  }

  private blockEnd(block: number): number {
    return block + 1 < this.blocks.length ? this.textBase(block + 1) : this.textBytes;
  }

  private blockOf(message: number): number {
    let low = 0;
    let high = this.blocks.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.blocks[middle] as Block).firstMessage <= message) low = middle;
      else high = middle - 1;
    }
    return low;
  }
}
