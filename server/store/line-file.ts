import path from 'node:path';
import { syncDirectory } from './durable-file.js';
import type { FileHandleLike, FileLayer } from './file-layer.js';
import type { Logger } from './json-document.js';

export const NEWLINE = 0x0a;

/**
 * Appends to a file of newline-terminated lines (a transcript, a session shard's log). Callers
 * queue their calls per file: a read must never see an append half-written.
 */
export class LineFile {
  constructor(
    readonly file: string,
    private readonly log: Logger,
    private readonly files: FileLayer,
  ) {}

  /**
   * Append `line` (newline included) and fdatasync it. On failure nothing of it stays in the
   * file. Resolves with the file's length before the line.
   */
  async append(line: Buffer): Promise<number> {
    const handle = await this.files.open(this.file, 'a+', 0o600);
    let length: number;
    try {
      length = await this.wholeLinesLength(handle);
      try {
        await handle.appendFile(line);
        await handle.datasync();
      } catch (error) {
        await this.takeBack(handle, length);
        throw error;
      }
    } finally {
      await handle.close();
    }
    // A file this append created is only found again after a power cut once its folder entry is
    // on disk too. The line is in the file already, so a failure here is logged, not reported.
    if (length === 0) {
      await syncDirectory(path.dirname(this.file), this.files).catch((error: unknown) =>
        this.log(
          `Grove store: saved ${this.file}, but could not fsync its folder: ${String(error)}.`,
        ),
      );
    }
    return length;
  }

  /** Cut the file's torn end (bytes after its last newline, `size` long in all) off. */
  async truncateAt(offset: number, size: number): Promise<void> {
    this.log(
      `Grove store: ${this.file} ended with ${size - offset} unreadable bytes (a write cut short); kept the ${offset} bytes before them.`,
    );
    await this.files.truncate(this.file, offset);
  }

  /**
   * The file's length, once a torn end is cut off: left by a crash, or by a failed append whose
   * take-back failed too. Appending after it would glue the new line onto the fragment.
   */
  private async wholeLinesLength(handle: FileHandleLike): Promise<number> {
    const { size } = await handle.stat();
    if (size === 0) return 0;
    const { buffer: last } = await handle.read(Buffer.alloc(1), 0, 1, size - 1);
    if (last[0] === NEWLINE) return size;
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(size), 0, size, 0);
    const whole = buffer.subarray(0, bytesRead).lastIndexOf(NEWLINE) + 1;
    await this.truncateAt(whole, size);
    return whole;
  }

  /** Cut off what part of a failed append reached the file; a failure here is left to repair. */
  private async takeBack(handle: FileHandleLike, length: number): Promise<void> {
    try {
      if ((await handle.stat()).size <= length) return;
      await handle.truncate(length);
      await handle.datasync();
    } catch (error) {
      this.log(
        `Grove store: could not cut a failed append off ${this.file} (${String(error)}); the next append or read will.`,
      );
    }
  }
}

/**
 * The whole lines of `buffer` (without their newlines) and where they start. A torn end (bytes
 * after the last newline) is not among them: `whole` is the length before it.
 */
export function splitLines(buffer: Buffer): {
  lines: { text: string; at: number }[];
  whole: number;
} {
  const lines: { text: string; at: number }[] = [];
  let offset = 0;
  for (;;) {
    const newline = buffer.indexOf(NEWLINE, offset);
    if (newline === -1) break;
    lines.push({ text: buffer.subarray(offset, newline).toString('utf8'), at: offset });
    offset = newline + 1;
  }
  return { lines, whole: offset };
}
