import { appendFile, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { isCode } from './durable-file.js';
import type { Logger } from './json-document.js';
import { SearchIndex, type IndexedText } from './search-index.js';

/** One line of the index file: a message's text added, a message taken back, a session gone. */
type IndexLine = ['a', string, string, number, string] | ['r', string] | ['d', string];

/**
 * The search index on disk: an append-only JSONL log replayed at start. It only repeats what the
 * transcripts hold, so it is not fsynced; when a line cannot be written the file is deleted, and
 * a missing file is rebuilt from the transcripts at the next start.
 */
export class SearchIndexFile {
  private pending: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string,
    readonly index: SearchIndex,
    private readonly log: Logger,
  ) {}

  static async open(
    file: string,
    log: Logger,
    rebuild: () => AsyncIterable<IndexedText>,
  ): Promise<SearchIndexFile> {
    const index = new SearchIndex();
    const lines = await readLines(file);
    if (lines) {
      for (const line of lines) apply(index, line);
      const opened = new SearchIndexFile(file, index, log);
      if (index.removedCount > 0) await opened.rewrite();
      return opened;
    }
    const docs: IndexedText[] = [];
    for await (const doc of rebuild()) docs.push(doc);
    // Search answers newest first by position, so the rebuilt log is in time order.
    docs.sort((a, b) => a.createdAt - b.createdAt);
    for (const doc of docs) index.add(doc);
    const opened = new SearchIndexFile(file, index, log);
    await opened.rewrite();
    return opened;
  }

  add(doc: IndexedText): void {
    if (!doc.text) return;
    this.index.add(doc);
    this.write(['a', doc.sessionId, doc.messageId, doc.createdAt, doc.text]);
  }

  removeMessage(messageId: string): void {
    this.index.removeMessage(messageId);
    this.write(['r', messageId]);
  }

  removeSession(sessionId: string): void {
    this.index.removeSession(sessionId);
    this.write(['d', sessionId]);
  }

  /** Resolves once every line asked for so far is written (or given up on). */
  flushed(): Promise<void> {
    return this.pending;
  }

  private write(line: IndexLine): void {
    const text = `${JSON.stringify(line)}\n`;
    this.pending = this.pending.then(() =>
      appendFile(this.file, text, { mode: 0o600 }).catch(async (error: unknown) => {
        this.log(
          `Grove store: the search index could not be updated (${String(error)}); it will be rebuilt at the next start.`,
        );
        await rm(this.file, { force: true }).catch(() => undefined);
      }),
    );
  }

  /**
   * The live documents only, through a temp file so a crash leaves the old file or the new one.
   * A failure (a full disk) keeps the index in memory and leaves the file to the next start.
   */
  private async rewrite(): Promise<void> {
    await this.rewriteNow().catch(async (error: unknown) => {
      this.log(
        `Grove store: could not save the search index (${String(error)}); it will be rebuilt at the next start.`,
      );
      await rm(this.file, { force: true }).catch(() => undefined);
      await rm(`${this.file}.tmp`, { force: true }).catch(() => undefined);
    });
  }

  private async rewriteNow(): Promise<void> {
    const lines: string[] = [];
    for (const doc of this.index.live()) {
      lines.push(JSON.stringify(['a', doc.sessionId, doc.messageId, doc.createdAt, doc.text]));
    }
    const temp = `${this.file}.tmp`;
    await writeFile(temp, lines.length ? `${lines.join('\n')}\n` : '', { mode: 0o600 });
    await rename(temp, this.file);
  }
}

async function readLines(file: string): Promise<IndexLine[] | null> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (error) {
    if (isCode(error, 'ENOENT')) return null;
    throw error;
  }
  const lines: IndexLine[] = [];
  for (const raw of content.split('\n')) {
    if (!raw) continue;
    try {
      lines.push(JSON.parse(raw) as IndexLine);
    } catch {
      // A line torn by a crash: the rest of the file still counts.
    }
  }
  return lines;
}

function apply(index: SearchIndex, line: IndexLine): void {
  if (line[0] === 'a') {
    index.add({ sessionId: line[1], messageId: line[2], createdAt: line[3], text: line[4] });
  } else if (line[0] === 'r') index.removeMessage(line[1]);
  else index.removeSession(line[1]);
}
