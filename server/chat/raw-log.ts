import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';

const DEFAULT_CAP_BYTES = 8 * 1024 * 1024;

/**
 * The CLI's raw stdout of one run, kept beside the transcript for debugging and re-parsing.
 * Capped so a runaway run cannot fill the disk.
 */
export class RawLog {
  private written = 0;
  private truncated = false;
  private readonly stream: WriteStream;

  constructor(
    dir: string,
    runId: string,
    private readonly capBytes = DEFAULT_CAP_BYTES,
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.stream = createWriteStream(path.join(dir, `${runId}.jsonl`), { mode: 0o600 });
    // The log is for debugging; a full disk or a removed folder must not take the server down.
    this.stream.on('error', () => {
      this.truncated = true;
    });
  }

  line(text: string): void {
    if (this.truncated || this.stream.destroyed) return;
    const bytes = Buffer.byteLength(text) + 1;
    if (this.written + bytes > this.capBytes) {
      this.truncated = true;
      this.stream.write(`{"grove":"raw log truncated at ${this.capBytes} bytes"}\n`);
      return;
    }
    this.written += bytes;
    this.stream.write(`${text}\n`);
  }

  close(): Promise<void> {
    if (this.stream.destroyed) return Promise.resolve();
    return new Promise((resolve) => this.stream.end(resolve));
  }
}
