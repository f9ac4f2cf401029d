import { promises as fs } from 'node:fs';
import { Message } from '../contract/index.js';
import type { Logger } from './json-document.js';

/**
 * Per-file queue of appends and reads. A read truncates a torn last line, so it must never run
 * while an append is half-written (large appends go out in several writes), or it would cut an
 * acknowledged-to-be message in two.
 */
const queues = new Map<string, Promise<unknown>>();

function serialized<R>(file: string, task: () => Promise<R>): Promise<R> {
  const previous = queues.get(file) ?? Promise.resolve();
  const run = previous.then(task, task);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  queues.set(file, settled);
  void settled.then(() => {
    if (queues.get(file) === settled) queues.delete(file);
  });
  return run;
}

/**
 * One append-only JSONL file per session, one message a line. Appends are fsynced before they are
 * acknowledged; a torn last line from a crash is dropped and truncated away on the next read.
 */
export class TranscriptFile {
  constructor(
    readonly file: string,
    private readonly log: Logger,
  ) {}

  append(message: Message): Promise<void> {
    return serialized(this.file, async () => {
      const handle = await fs.open(this.file, 'a', 0o600);
      try {
        await handle.appendFile(`${JSON.stringify(message)}\n`, 'utf8');
        await handle.datasync();
      } finally {
        await handle.close();
      }
    });
  }

  readAll(): Promise<Message[]> {
    return serialized(this.file, () => this.readNow());
  }

  remove(): Promise<void> {
    return serialized(this.file, () => fs.rm(this.file, { force: true }));
  }

  private async readNow(): Promise<Message[]> {
    let buffer: Buffer;
    try {
      buffer = await fs.readFile(this.file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const messages: Message[] = [];
    let offset = 0;
    while (offset < buffer.length) {
      const newline = buffer.indexOf(0x0a, offset);
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

  private async truncateAt(offset: number, size: number): Promise<void> {
    this.log(
      `Grove store: ${this.file} ended with ${size - offset} unreadable bytes (a write cut short); kept the ${offset} bytes before them.`,
    );
    await fs.truncate(this.file, offset);
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
