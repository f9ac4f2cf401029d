import { promises as fs } from 'node:fs';
import { Message } from '../contract/index.js';
import type { Logger } from './json-document.js';

/**
 * One append-only JSONL file per session, one message a line. Appends are fsynced before they are
 * acknowledged; a torn last line from a crash is dropped and truncated away on the next read.
 */
export class TranscriptFile {
  constructor(
    readonly file: string,
    private readonly log: Logger,
  ) {}

  async append(message: Message): Promise<void> {
    const handle = await fs.open(this.file, 'a', 0o600);
    try {
      await handle.appendFile(`${JSON.stringify(message)}\n`, 'utf8');
      await handle.datasync();
    } finally {
      await handle.close();
    }
  }

  async readAll(): Promise<Message[]> {
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
      const end = newline === -1 ? buffer.length : newline;
      if (newline === -1) {
        // Only the last append can be cut short, and it was never acknowledged.
        await this.truncateAt(offset, buffer.length);
        break;
      }
      const parsed = parseLine(buffer.subarray(offset, end).toString('utf8'));
      if (parsed) messages.push(parsed);
      else this.log(`Grove store: skipped an unreadable line at byte ${offset} of ${this.file}.`);
      offset = end + 1;
    }
    return messages;
  }

  async remove(): Promise<void> {
    await fs.rm(this.file, { force: true });
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
