// The byte-level parts of a search: the per-block byte-pair filter, where to start looking in a
// query, and the scan of one block's lowercased text for the messages it matches.

/** One bit per pair of bytes: 8 KB per block. */
export const PAIR_FILTER_BYTES = 65536 / 8;
/** Never part of a query, so a match cannot run from one message into the next. */
export const SEPARATOR = '\u0000';

/** A message's text as the index scans it: lowercased, ended by the separator, as UTF-8. */
export function loweredBytes(text: string): Buffer {
  return Buffer.from(`${lowered(text)}${SEPARATOR}`);
}

export function lowered(text: string): string {
  return text.toLowerCase().replaceAll(SEPARATOR, ' ');
}

/** Note the byte pairs of `bytes` in `pairs` and count its bytes in `counts`. */
export function recordBytes(bytes: Buffer, pairs: Uint8Array, counts: Float64Array): void {
  for (let i = 0; i < bytes.length; i += 1) {
    const byte = bytes[i] as number;
    counts[byte] = (counts[byte] as number) + 1;
    const pair = (byte << 8) | (bytes[i + 1] ?? 0);
    pairs[pair >> 3] = (pairs[pair >> 3] as number) | (1 << (pair & 7));
  }
}

/** Whether every pair of adjacent bytes of `needle` occurs in the block whose pairs these are. */
export function holdsEveryPair(pairs: Uint8Array, needle: Buffer): boolean {
  for (let i = 0; i + 1 < needle.length; i += 1) {
    const pair = ((needle[i] as number) << 8) | (needle[i + 1] as number);
    if (!((pairs[pair >> 3] as number) & (1 << (pair & 7)))) return false;
  }
  return true;
}

/**
 * Where in the needle to start looking: `indexOf` runs at memchr speed only while the first
 * byte of what it looks for is rare, so it looks for the needle's tail from its rarest one.
 */
export function anchorOf(needle: Buffer, counts: Float64Array): number {
  let best = 0;
  for (let i = 1; i < needle.length; i += 1) {
    const count = counts[needle[i] as number] as number;
    // Not inside a multi-byte character: the tail must be valid where it starts.
    const continuation = ((needle[i] as number) & 0xc0) === 0x80;
    if (!continuation && count < (counts[needle[best] as number] as number)) best = i;
  }
  return best;
}

/** A matching message of a block: its number in the block, and its bytes' range in the block. */
export interface BlockMatch {
  local: number;
  /** Where the match starts, from the message's start, in bytes. */
  offset: number;
  start: number;
  end: number;
}

/**
 * The first match in each matching message of a block, oldest first. Messages are told apart by
 * their separators, counted as the scan goes, so no offset per message is kept in memory.
 */
export function scanBlock(bytes: Buffer, needle: Buffer, anchor: number): BlockMatch[] {
  const found: BlockMatch[] = [];
  const tail = needle.subarray(anchor);
  const separator = SEPARATOR.charCodeAt(0);
  // The message the scan is in: its number in the block, and where it starts.
  let local = 0;
  let start = 0;
  let from = anchor;
  for (;;) {
    const tailAt = bytes.indexOf(tail, from);
    if (tailAt === -1) return found;
    const at = tailAt - anchor;
    if (anchor > 0 && bytes.compare(needle, 0, anchor, at, tailAt) !== 0) {
      from = tailAt + 1;
      continue;
    }
    let end = bytes.indexOf(separator, start);
    while (end < at) {
      local += 1;
      start = end + 1;
      end = bytes.indexOf(separator, start);
    }
    found.push({ local, offset: at - start, start, end });
    // One hit per message: go on from the next one.
    local += 1;
    start = end + 1;
    from = start + anchor;
  }
}

/**
 * Lowercasing keeps the length of almost all text, and so the match's offsets; where it did not
 * (a few letters lowercase to two characters), the snippet starts at the text's start instead.
 */
export function originalRange(text: string, loweredLength: number, at: number, length: number) {
  if (loweredLength === text.length) return { start: at, end: at + length };
  return { start: 0, end: 0 };
}
