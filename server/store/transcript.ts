import path from 'node:path';
import { KeyedQueue } from '../keyed-queue.js';
import { Message } from '../contract/index.js';
import { isCode, StorageWriteError, syncDirectory } from './durable-file.js';
import { realFiles, type FileHandleLike, type FileLayer } from './file-layer.js';
import type { Logger } from './json-document.js';

const NEWLINE = 0x0a;

/**
 * Per-file queue of appends and reads. A read truncates a torn last line, so it must never run
 * while an append is half-written (large appends go out in several writes), or it would cut an
 * acknowledged-to-be message in two.
 */
const queue = new KeyedQueue();

/**
 * One append-only JSONL file per session, one message a line. Appends are fsynced before they are
 * acknowledged; a torn last line from a crash is dropped and truncated away on the next read or
 * append.
 */
export class TranscriptFile {
  constructor(
    readonly file: string,
    private readonly log: Logger,
    private readonly files: FileLayer = realFiles,
  ) {}

  /** Resolves once the line is fsynced; on failure nothing of it stays in the file. */
  append(message: Message): Promise<void> {
    const line = Buffer.from(`${JSON.stringify(message)}\n`, 'utf8');
    return queue.run(this.file, () =>
      this.appendNow(line).catch((error: unknown) => {
        const failure = new StorageWriteError(this.file, error);
        this.log(`Grove store: ${failure.message}; the message was not saved.`);
        throw failure;
      }),
    );
  }

  readAll(): Promise<Message[]> {
    return queue.run(this.file, () => this.readNow());
  }

  /** Cut the last line off, if it is the message `messageId`; fails as a StorageWriteError. */
  removeLast(messageId: string): Promise<void> {
    return queue.run(this.file, () =>
      this.removeLastNow(messageId).catch((error: unknown) => {
        throw new StorageWriteError(this.file, error);
      }),
    );
  }

  remove(): Promise<void> {
    return queue.run(this.file, () => this.files.rm(this.file, { force: true }));
  }

  private async readNow(): Promise<Message[]> {
    let buffer: Buffer;
    try {
      buffer = await this.files.readFile(this.file);
    } catch (error) {
      if (isCode(error, 'ENOENT')) return [];
      throw error;
    }
    const messages: Message[] = [];
    let offset = 0;
    while (offset < buffer.length) {
      const newline = buffer.indexOf(NEWLINE, offset);
      if (newline === -1) {
        // Only the last append can be cut short, and it was never acknowledged.
        await this.truncateAt(offset, buffer.length);
        break;
      }
      const parsed = parseLine(buffer.subarray(offset, newline).toString('utf8'));
      if (parsed) messages.push(parsed);
      else this.log(`Grove store: skipped an unreadable line at byte ${offset} of ${this.file}.`);
      offset = newline + 1;
    }
    return messages;
  }

  private async removeLastNow(messageId: string): Promise<void> {
    const handle = await this.files.open(this.file, 'r+');
    try {
      const buffer = await handle.readFile();
      // Every line ends with a newline; the last one starts after the one before it.
      const start = buffer.subarray(0, -1).lastIndexOf(NEWLINE) + 1;
      const last = parseLine(buffer.subarray(start, -1).toString('utf8'));
      if (last?.id !== messageId) return;
      await handle.truncate(start);
      await handle.datasync();
    } finally {
      await handle.close();
    }
  }

  private async appendNow(line: Buffer): Promise<void> {
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

  private async truncateAt(offset: number, size: number): Promise<void> {
    this.log(
      `Grove store: ${this.file} ended with ${size - offset} unreadable bytes (a write cut short); kept the ${offset} bytes before them.`,
    );
    await this.files.truncate(this.file, offset);
  }
}

function parseLine(line: string): Message | null {
  try {
    const result = Message.safeParse(JSON.parse(line));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}
