// Reading and writing the search index's two files: the log (one JSON line per change, holding
// each message's original text) and the lowercased text the scans read.
import { open, type FileHandle } from 'node:fs/promises';
import { SEPARATOR } from './search-scan.js';

export interface IndexedText {
  sessionId: string;
  messageId: string;
  createdAt: number;
  text: string;
}

/**
 * One line of the log: a message's text added, a message taken back (with its session, which
 * logs written before it was added lack), a session gone.
 */
export type IndexLine =
  ['a', string, string, number, string] | ['r', string, string?] | ['d', string];

export function addLine(doc: IndexedText): IndexLine {
  return ['a', doc.sessionId, doc.messageId, doc.createdAt, doc.text];
}

export function docOfLine(line: Extract<IndexLine, ['a', ...unknown[]]>): IndexedText {
  return { sessionId: line[1], messageId: line[2], createdAt: line[3], text: line[4] };
}

/** A log line as text, or null when it is not one (torn by a crash). */
export function parseLine(raw: string): IndexLine | null {
  try {
    const line = JSON.parse(raw) as unknown;
    return Array.isArray(line) && ['a', 'r', 'd'].includes(line[0] as string)
      ? (line as IndexLine)
      : null;
  } catch {
    return null;
  }
}

const FIRST_LINE_READ = 4096;
const LINE_READ_BYTES = 1 << 18;

/**
 * Call `each` with every whole line of `file` (its bytes in `bytes` from `start` to the newline at
 * `end`, valid only during the call, and its offset in the file), reading into one reused buffer
 * so a million lines leave no chunk per slice for the collector. `each` returns a promise only
 * when it must wait. Resolves to the bytes after the last newline: a line a crash tore.
 */
export async function forEachLine(
  file: string,
  each: (bytes: Buffer, start: number, end: number, offset: number) => Promise<void> | undefined,
): Promise<number> {
  const handle = await open(file, 'r');
  try {
    let buffer = Buffer.allocUnsafeSlow(LINE_READ_BYTES);
    let filled = 0;
    let offset = 0;
    for (;;) {
      if (filled === buffer.length) {
        const longer = Buffer.allocUnsafeSlow(buffer.length * 2);
        buffer.copy(longer, 0, 0, filled);
        buffer = longer;
      }
      const { bytesRead } = await handle.read(
        buffer,
        filled,
        buffer.length - filled,
        offset + filled,
      );
      if (!bytesRead) return filled;
      filled += bytesRead;
      const bytes = buffer.subarray(0, filled);
      let start = 0;
      for (let end = bytes.indexOf(0x0a); end !== -1; end = bytes.indexOf(0x0a, start)) {
        const waiting = each(bytes, start, end, offset + start);
        if (waiting) await waiting;
        start = end + 1;
      }
      buffer.copyWithin(0, start, filled);
      offset += start;
      filled -= start;
    }
  } finally {
    await handle.close();
  }
}

/** Positional reads of both files for one search (or one lookup), closed when done. */
export class IndexReader {
  private constructor(
    private readonly log: FileHandle,
    private readonly text: FileHandle,
  ) {}

  static async open(logFile: string, textFile: string): Promise<IndexReader> {
    const log = await open(logFile, 'r');
    try {
      return new IndexReader(log, await open(textFile, 'r'));
    } catch (error) {
      await log.close();
      throw error;
    }
  }

  /** The message whose `a` line starts at `offset` in the log. */
  async doc(offset: number): Promise<IndexedText> {
    let size = FIRST_LINE_READ;
    for (;;) {
      const buffer = Buffer.allocUnsafe(size);
      const { bytesRead } = await this.log.read(buffer, 0, size, offset);
      const end = buffer.subarray(0, bytesRead).indexOf(0x0a);
      if (end !== -1 || bytesRead < size) {
        const line = parseLine(buffer.toString('utf8', 0, end === -1 ? bytesRead : end));
        if (line?.[0] !== 'a') throw new Error(`no message at byte ${offset} of the search index`);
        return docOfLine(line);
      }
      size *= 4;
    }
  }

  /** `length` bytes of lowercased text from `start`, into `into` when it is large enough. */
  async lowered(start: number, length: number, into: Buffer): Promise<Buffer> {
    const buffer = into.length >= length ? into : Buffer.allocUnsafe(length);
    const { bytesRead } = await this.text.read(buffer, 0, length, start);
    if (bytesRead < length) throw new Error('the search index text is shorter than its index');
    return buffer.subarray(0, length);
  }

  async close(): Promise<void> {
    await Promise.all([this.log.close(), this.text.close()]);
  }
}

/** Bytes of lowercased text encoded before they are written at once. */
const SLICE_BYTES = 1 << 20;

/**
 * The lowercased text file written anew while the log is replayed: each text is encoded straight
 * into one reused slice, written when full, so a replay does not leave a small buffer per message
 * for the collector.
 */
export class SliceWriter {
  private readonly slice = Buffer.allocUnsafe(SLICE_BYTES);
  private used = 0;

  private constructor(private readonly handle: FileHandle) {}

  static async create(file: string): Promise<SliceWriter> {
    return new SliceWriter(await open(file, 'w', 0o600));
  }

  /**
   * Add `text` and the separator, handing their bytes to `use` (valid only during the call). A
   * promise only when the slice had to be written first, so a replay awaits once per slice.
   */
  append(text: string, use: (bytes: Buffer) => void): Promise<void> | undefined {
    const length = Buffer.byteLength(text) + SEPARATOR.length;
    if (this.used + length <= SLICE_BYTES) return this.encode(text, length, use);
    return this.flush().then(async () => {
      if (length <= SLICE_BYTES) return this.encode(text, length, use);
      const bytes = Buffer.from(`${text}${SEPARATOR}`);
      use(bytes);
      await writeAll(this.handle, bytes);
    });
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.handle.close();
    }
  }

  private encode(text: string, length: number, use: (bytes: Buffer) => void): undefined {
    this.slice.write(`${text}${SEPARATOR}`, this.used);
    use(this.slice.subarray(this.used, this.used + length));
    this.used += length;
    return undefined;
  }

  private async flush(): Promise<void> {
    await writeAll(this.handle, this.slice.subarray(0, this.used));
    this.used = 0;
  }
}

async function writeAll(handle: FileHandle, bytes: Buffer): Promise<void> {
  for (let done = 0; done < bytes.length;) {
    done += (await handle.write(bytes, done, bytes.length - done)).bytesWritten;
  }
}
