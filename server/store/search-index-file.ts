import { constants } from 'node:fs';
import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { syncDirectory } from './durable-file.js';
import type { Logger } from './json-document.js';
import { catchUpLines, type TranscriptTexts } from './search-catch-up.js';
import { IndexReader, addLine, docOfLine, type IndexLine } from './search-disk.js';
import type { IndexedText, SearchIndex, TextHit } from './search-index.js';
import {
  compactLog,
  findMessage,
  replayLog,
  writeLog,
  type IdTable,
  type Replayed,
} from './search-replay.js';
import { loweredBytes } from './search-scan.js';

/** Appends to a file that must exist already: one deleted after a failed write stays deleted. */
const APPEND_ONLY = constants.O_WRONLY | constants.O_APPEND;

/** The index as searches use it: the log's length is where the next line goes. */
interface Loaded {
  index: SearchIndex;
  logBytes: number;
}

/** The mark a clean close leaves beside the log: the log's length then. */
function cleanMarkOf(logFile: string): string {
  return logFile.replace(/\.jsonl$/, '.clean');
}

/** Mark the log, `bytes` long, as whole: the next load trusts it as it is (see `close`). */
export async function markLogWhole(logFile: string, bytes: number): Promise<void> {
  await writeFile(cleanMarkOf(logFile), String(bytes), { mode: 0o600 });
}

/**
 * The search index on disk: an append-only JSONL log holding each message's text, and beside it
 * the lowercased text the scans read, written anew from the log at each load and appended to
 * after. Both only repeat what the transcripts hold, so neither is fsynced: a log a crash tore
 * is rebuilt from the transcripts; after a crash (no mark from a clean close) the lines it lost
 * are caught up from them (search-catch-up.ts); a failed write deletes both, to be rebuilt by
 * the next search.
 *
 * Reading a 1,000,000-message log takes seconds, so it is read in the background once the server
 * listens (`load`), never at open. Changes made before or meanwhile are applied once it is done;
 * a search made meanwhile waits for it.
 */
export class SearchIndexFile {
  /** Every write and the read, one after another, so each sees files no one else is changing. */
  private writes: Promise<unknown> = Promise.resolve();
  private loaded: Loaded | null = null;
  private loading: Promise<Loaded> | null = null;
  /** What changed before the log was read and checked, in order. */
  private missed: IndexLine[] = [];
  /** The files were deleted after a failed write: the next load rebuilds them whole. */
  private discarded = false;
  private readonly textFile: string;
  /** Written at a clean close: the log's length then. */
  private readonly cleanMark: string;
  /** What the mark said at open, for the first load (see `takeCleanMark`). */
  private cleanBytes: number | null = null;

  constructor(
    private readonly file: string,
    private readonly log: Logger,
    private readonly transcripts: TranscriptTexts,
  ) {
    this.textFile = file.replace(/\.jsonl$/, '.text');
    this.cleanMark = cleanMarkOf(file);
  }

  /** Read the index (once; a failed read is tried again by the next call). */
  load(): Promise<Loaded> {
    if (!this.loading) {
      const loading = this.queue(() => this.read());
      this.loading = loading;
      loading.catch(async (error: unknown) => {
        this.log(`Grove store: the search index could not be read (${String(error)}).`);
        // The changes made meanwhile are in the transcripts: the next read rebuilds from them.
        this.missed = [];
        this.loading = null;
        await this.queue(() => this.discardFiles());
      });
    }
    return this.loading;
  }

  async search(query: string, limit: number, accept: (id: string) => boolean): Promise<TextHit[]> {
    const loaded = await this.load();
    // Every change asked for before the search is in the files.
    await this.writes;
    try {
      const reader = await IndexReader.open(this.file, this.textFile);
      try {
        return await loaded.index.search(query, limit, accept, reader);
      } finally {
        await reader.close();
      }
    } catch (error) {
      // A failed write dropped the files meanwhile: search the rebuilt index.
      if (this.loaded !== loaded) return this.search(query, limit, accept);
      throw error;
    }
  }

  add(doc: IndexedText): void {
    if (doc.text) this.change(addLine(doc));
  }

  /** Take back `messageId`, the last message appended to `sessionId`. */
  removeMessage(messageId: string, sessionId: string): void {
    this.change(['r', messageId, sessionId]);
  }

  removeSession(sessionId: string): void {
    this.change(['d', sessionId]);
  }

  /** Resolves once every line asked for so far is written (or given up on), and any read done. */
  async flushed(): Promise<void> {
    await this.writes;
  }

  /**
   * Flush, and mark the log as whole for the next load, which then trusts it without comparing
   * it with every transcript (a start without the mark follows a crash).
   */
  async close(): Promise<void> {
    await this.flushed();
    if (this.loaded) await markLogWhole(this.file, this.loaded.logBytes);
  }

  private change(line: IndexLine): void {
    if (!this.loaded) {
      // The log takes no line until it is read and checked; the load applies these after it.
      // After a failed write none is kept: the next load rebuilds from the transcripts.
      if (this.loading || !this.discarded) this.missed.push(line);
      return;
    }
    void this.queue(async () => {
      // A failed write dropped the files meanwhile: the rebuild will read this from the transcript.
      if (!this.loaded) return;
      try {
        await this.apply(this.loaded, line, null);
      } catch (error) {
        this.log(
          `Grove store: the search index could not be updated (${String(error)}); it will be rebuilt.`,
        );
        this.loaded = null;
        this.loading = null;
        await this.discardFiles();
      }
    });
  }

  private queue<T>(task: () => Promise<T>): Promise<T> {
    const done = this.writes.then(task);
    this.writes = done.catch(() => undefined);
    return done;
  }

  private async read(): Promise<Loaded> {
    const cleanBytes = this.cleanBytes;
    // Only the first load may trust it: a later one follows a failure.
    this.cleanBytes = null;
    let replayed = await replayLog(this.file, this.textFile);
    if (!replayed || replayed.torn) {
      const docs: IndexedText[] = [];
      for await (const session of this.transcripts()) {
        // One push per text: spreading a long session's texts as arguments overflows the stack.
        for (const text of session.texts) docs.push(text);
      }
      await writeLog(this.file, docs);
      replayed = await this.replayed();
    } else {
      if (cleanBytes !== replayed.logBytes) await this.catchUp(replayed);
      if (replayed.index.removedCount * 4 > replayed.index.count) {
        // Searches skip removed messages already; rewriting the log (two more reads of it) pays
        // only once they are a quarter of it, not after every restart that follows a deletion.
        await compactLog(this.file, replayed.index);
        replayed = await this.replayed();
      }
    }
    this.discarded = false;
    const loaded = { index: replayed.index, logBytes: replayed.logBytes };
    // Until the missed changes are applied: a rebuilt log may already hold some of them.
    while (this.missed.length)
      await this.apply(loaded, this.missed.shift() as IndexLine, replayed.ids);
    this.loaded = loaded;
    return loaded;
  }

  /**
   * Take the mark of the last clean close: the log's length then, or null. It is gone, durably,
   * before anything is written, so a crash from here on leaves none.
   */
  async takeCleanMark(): Promise<void> {
    const text = await readFile(this.cleanMark, 'utf8').catch(() => null);
    if (text === null) return;
    await rm(this.cleanMark, { force: true });
    await syncDirectory(path.dirname(this.cleanMark));
    this.cleanBytes = /^\d+$/.test(text) ? Number(text) : null;
  }

  /**
   * After a crash: write to the log what it lost, from the transcripts. Each transcript line is
   * fsynced before its message is acknowledged; the log is not (it only repeats them), so a crash
   * can take its last lines, leaving whole lines that nothing else would question.
   */
  private async catchUp(replayed: Replayed): Promise<void> {
    // One reader for all: it reads by position, so it sees what the repairs append too.
    const reader = await IndexReader.open(this.file, this.textFile);
    try {
      for await (const session of this.transcripts()) {
        const lines = await catchUpLines(replayed.index, session, reader);
        if (!lines.length) continue;
        this.log(
          `Grove store: the search index had lost ${lines.length} change(s) to session ${session.sessionId}; they are back from its transcript.`,
        );
        for (const line of lines) await this.apply(replayed, line, replayed.ids);
      }
    } finally {
      await reader.close();
    }
  }

  private async replayed(): Promise<Replayed> {
    const replayed = await replayLog(this.file, this.textFile);
    if (!replayed) throw new Error('the search index log vanished while it was read');
    return replayed;
  }

  /**
   * Apply one change to the loaded index and both files. While loading, `ids` finds a message by
   * its id; once loaded, a message taken back is the last one appended to its session, so only
   * that session's newest is looked at.
   */
  private async apply(loaded: Loaded, line: IndexLine, ids: IdTable | null): Promise<void> {
    const { index } = loaded;
    const found = async (messageId: string, sessionId?: string) => {
      const newest = sessionId === undefined ? null : index.newestOf(sessionId);
      const candidates = ids ? ids.candidates(messageId) : newest === null ? [] : [newest];
      if (!candidates.length) return null;
      const reader = await IndexReader.open(this.file, this.textFile);
      try {
        return await findMessage(index, candidates, messageId, reader);
      } finally {
        await reader.close();
      }
    };
    if (line[0] === 'd') index.removeSession(line[1]);
    if (line[0] === 'r') {
      const message = await found(line[1], line[2]);
      if (message !== null) index.remove(message);
    }
    if (line[0] === 'a' && ids && (await found(line[2])) !== null) return;
    const text = `${JSON.stringify(line)}\n`;
    await appendFile(this.file, text, { flag: APPEND_ONLY });
    const logOffset = loaded.logBytes;
    loaded.logBytes += Buffer.byteLength(text);
    if (line[0] !== 'a') return;
    const doc = docOfLine(line);
    const bytes = loweredBytes(doc.text);
    await appendFile(this.textFile, bytes, { flag: APPEND_ONLY });
    // Only once both files hold it, so a search never reads past their ends.
    index.add(doc, logOffset, bytes);
    ids?.insert(index.count - 1, doc.messageId);
  }

  private async discardFiles(): Promise<void> {
    this.discarded = true;
    await rm(this.file, { force: true }).catch(() => undefined);
    await rm(this.textFile, { force: true }).catch(() => undefined);
  }
}
