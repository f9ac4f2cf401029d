import { KeyedQueue } from '../keyed-queue.js';
import { Message } from '../contract/index.js';
import { isCode, StorageWriteError } from './durable-file.js';
import { realFiles, type FileLayer } from './file-layer.js';
import type { Logger } from './json-document.js';
import { LineFile, NEWLINE, splitLines } from './line-file.js';

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
  private readonly lines: LineFile;

  constructor(
    readonly file: string,
    private readonly log: Logger,
    private readonly files: FileLayer = realFiles,
  ) {
    this.lines = new LineFile(file, log, files);
  }

  /** Resolves once the line is fsynced; on failure nothing of it stays in the file. */
  append(message: Message): Promise<void> {
    const line = Buffer.from(`${JSON.stringify(message)}\n`, 'utf8');
    return queue.run(this.file, () =>
      this.lines.append(line).then(
        () => undefined,
        (error: unknown) => {
          const failure = new StorageWriteError(this.file, error);
          this.log(`Grove store: ${failure.message}; the message was not saved.`);
          throw failure;
        },
      ),
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
    const { lines, whole } = splitLines(buffer);
    const messages: Message[] = [];
    for (const { text, at } of lines) {
      const parsed = parseLine(text);
      if (parsed) messages.push(parsed);
      else this.log(`Grove store: skipped an unreadable line at byte ${at} of ${this.file}.`);
    }
    // Only the last append can be cut short, and it was never acknowledged.
    if (whole < buffer.length) await this.lines.truncateAt(whole, buffer.length);
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
}

function parseLine(line: string): Message | null {
  try {
    const result = Message.safeParse(JSON.parse(line));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}
