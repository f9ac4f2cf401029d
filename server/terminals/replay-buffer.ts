/** How much output a terminal keeps for clients that attach later (a reload, a second window). */
export const REPLAY_LIMIT_BYTES = 1024 * 1024;

/**
 * The last `limit` bytes of a terminal's output, as the chunks they came in. The oldest chunk is
 * cut at a UTF-8 character boundary when the limit falls inside it.
 */
export class ReplayBuffer {
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly limit = REPLAY_LIMIT_BYTES) {}

  get byteLength(): number {
    return this.size;
  }

  append(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.limit) {
      const oldest = this.chunks[0] as Buffer;
      const excess = this.size - this.limit;
      if (oldest.length <= excess) {
        this.chunks.shift();
        this.size -= oldest.length;
        continue;
      }
      let cut = excess;
      // Continuation bytes (10xxxxxx) belong to the character before them.
      while (cut < oldest.length && ((oldest[cut] as number) & 0xc0) === 0x80) cut++;
      this.chunks[0] = oldest.subarray(cut);
      this.size -= cut;
    }
  }

  /** Everything kept, as one buffer. */
  contents(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }
}
