import { createReadStream } from 'node:fs';
import { appendFile, rename, rm, writeFile } from 'node:fs/promises';
import { isCode } from './durable-file.js';
import type { Logger } from './json-document.js';
import { SearchIndex, type IndexedText, type TextHit } from './search-index.js';

/** One line of the index file: a message's text added, a message taken back, a session gone. */
type IndexLine = ['a', string, string, number, string] | ['r', string] | ['d', string];

/**
 * The search index on disk: an append-only JSONL log. It only repeats what the transcripts hold,
 * so it is not fsynced; when a line cannot be written the file is deleted, and a missing file is
 * rebuilt from the transcripts.
 *
 * Reading a 1,000,000-message log takes seconds, so it is read in the background once the server
 * listens (`load`), never at open. Changes made meanwhile are written after the read and applied
 * to memory once it is done; a search made meanwhile waits for it.
 */
export class SearchIndexFile {
  /** Every write and the read, one after another, so the read sees a file no one is changing. */
  private writes: Promise<unknown> = Promise.resolve();
  private index: SearchIndex | null = null;
  private loading: Promise<SearchIndex> | null = null;
  /** What changed while the file was being read, in order. */
  private missed: IndexLine[] = [];

  constructor(
    private readonly file: string,
    private readonly log: Logger,
    private readonly rebuild: () => AsyncIterable<IndexedText>,
  ) {}

  /** Read the index (once; a failed read is tried again by the next call). */
  load(): Promise<SearchIndex> {
    if (!this.loading) {
      const loading = this.queue(() => this.read());
      this.loading = loading.then((index) => {
        for (const line of this.missed) apply(index, line);
        this.missed = [];
        index.trackIds(false);
        this.index = index;
        return index;
      });
      this.loading.catch((error: unknown) => {
        this.log(`Grove store: the search index could not be read (${String(error)}).`);
        // Those changes are in the file by the time a new read starts.
        this.missed = [];
        this.loading = null;
      });
    }
    return this.loading;
  }

  async search(query: string, limit: number, accept: (id: string) => boolean): Promise<TextHit[]> {
    return (await this.load()).search(query, limit, accept);
  }

  add(doc: IndexedText): void {
    if (doc.text) this.change(['a', doc.sessionId, doc.messageId, doc.createdAt, doc.text]);
  }

  removeMessage(messageId: string): void {
    this.change(['r', messageId]);
  }

  removeSession(sessionId: string): void {
    this.change(['d', sessionId]);
  }

  /** Resolves once every line asked for so far is written (or given up on), and any read done. */
  async flushed(): Promise<void> {
    await this.writes;
  }

  private change(line: IndexLine): void {
    if (this.index) apply(this.index, line);
    else if (this.loading) this.missed.push(line);
    const text = `${JSON.stringify(line)}\n`;
    void this.queue(() =>
      appendFile(this.file, text, { mode: 0o600 }).catch(async (error: unknown) => {
        this.log(
          `Grove store: the search index could not be updated (${String(error)}); it will be rebuilt at the next start.`,
        );
        await rm(this.file, { force: true }).catch(() => undefined);
      }),
    );
  }

  private queue<T>(task: () => Promise<T>): Promise<T> {
    const done = this.writes.then(task);
    this.writes = done.catch(() => undefined);
    return done;
  }

  private async read(): Promise<SearchIndex> {
    const index = new SearchIndex();
    // Until the changes made meanwhile are applied, which may repeat some the file holds.
    index.trackIds(true);
    if (await replay(this.file, index)) {
      if (index.removedCount > 0) await this.rewrite(index);
      return index;
    }
    const docs: IndexedText[] = [];
    for await (const doc of this.rebuild()) docs.push(doc);
    // Search answers newest first by position, so the rebuilt log is in time order.
    docs.sort((a, b) => a.createdAt - b.createdAt);
    for (const doc of docs) index.add(doc);
    await this.rewrite(index);
    return index;
  }

  /**
   * The live documents only, through a temp file so a crash leaves the old file or the new one.
   * A failure (a full disk) keeps the index in memory and leaves the file to the next start.
   */
  private async rewrite(index: SearchIndex): Promise<void> {
    const temp = `${this.file}.tmp`;
    try {
      const lines: string[] = [];
      for (const doc of index.live()) {
        lines.push(JSON.stringify(['a', doc.sessionId, doc.messageId, doc.createdAt, doc.text]));
      }
      await writeFile(temp, lines.length ? `${lines.join('\n')}\n` : '', { mode: 0o600 });
      await rename(temp, this.file);
    } catch (error) {
      this.log(
        `Grove store: could not save the search index (${String(error)}); it will be rebuilt at the next start.`,
      );
      await rm(this.file, { force: true }).catch(() => undefined);
      await rm(temp, { force: true }).catch(() => undefined);
    }
  }
}

/**
 * Apply every line of `file` to `index`; false when there is no file. Streamed in slices, so the
 * event loop keeps serving requests and the whole file is never in memory at once.
 */
async function replay(file: string, index: SearchIndex): Promise<boolean> {
  let rest = '';
  try {
    for await (const chunk of createReadStream(file, {
      encoding: 'utf8',
      highWaterMark: 1 << 18,
    })) {
      const lines = (rest + (chunk as string)).split('\n');
      rest = lines.pop() ?? '';
      for (const raw of lines) applyRaw(index, raw);
    }
  } catch (error) {
    if (isCode(error, 'ENOENT')) return false;
    throw error;
  }
  applyRaw(index, rest);
  return true;
}

function applyRaw(index: SearchIndex, raw: string): void {
  if (!raw) return;
  let line: IndexLine;
  try {
    line = JSON.parse(raw) as IndexLine;
  } catch {
    // A line torn by a crash: the rest of the file still counts.
    return;
  }
  apply(index, line);
}

function apply(index: SearchIndex, line: IndexLine): void {
  if (line[0] === 'a') {
    index.add({ sessionId: line[1], messageId: line[2], createdAt: line[3], text: line[4] });
  } else if (line[0] === 'r') index.removeMessage(line[1]);
  else index.removeSession(line[1]);
}
