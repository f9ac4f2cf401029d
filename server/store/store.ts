import { chmod } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Session } from '../contract/index.js';
import {
  DEFAULT_PREFERENCES,
  Preferences,
  Project,
  Worktree,
  type Message,
} from '../contract/index.js';
import { AttachmentFiles } from './attachment-files.js';
import { removeStaleTempFiles, syncDirectory } from './durable-file.js';
import { realFiles, type FileLayer } from './file-layer.js';
import { JsonDocument, type Logger } from './json-document.js';
import { acquireDataDirLock } from './lock.js';
import { McpStore, type SecretCipher } from './mcp-store.js';
import { isFirstStart } from './orphaned-data.js';
import { ProcessRecords } from './process-records.js';
import type { Migration } from './migrations.js';
import { indexedText, type TextHit } from './search-index.js';
import { SearchIndexFile } from './search-index-file.js';
import { transcriptTexts } from './transcript-texts.js';
import { DEFAULT_COMPACT_BYTES, logPath, SessionShard } from './session-shard.js';
import { TranscriptCache } from './transcript-cache.js';
import { TranscriptFile } from './transcript.js';

export const SCHEMA_VERSION = 1;

const Catalog = z.object({
  schema_version: z.literal(SCHEMA_VERSION),
  projects: z.array(Project),
  worktrees: z.array(Worktree),
  preferences: Preferences,
});
export type Catalog = z.infer<typeof Catalog>;

export interface StoreOptions {
  dataDir: string;
  log?: Logger;
  /** Schema migrations per document kind; injectable so the migration path itself is testable. */
  migrations?: { catalog?: readonly Migration[]; sessions?: readonly Migration[] };
  /** The file system under the store; node's own unless a test records or breaks it. */
  files?: FileLayer;
  /** The least log length at which a session shard is compacted; tests lower it. */
  shardCompactBytes?: number;
  /** Seals MCP secrets with the OS keychain's key; without it they are kept in a 0600 file. */
  secretCipher?: SecretCipher | null;
}

/**
 * The one module that owns Grove's persistence: the catalog (projects, worktrees, preferences),
 * one session shard per worktree, one transcript file per session, and the processes of each
 * running agent. Every mutation resolves only after it is durable (the process records excepted,
 * see `ProcessRecords.write`).
 */
export class Store {
  private readonly transcripts = new TranscriptCache();
  /** Sessions are sharded one snapshot and log per worktree (see SessionShard). */
  private readonly shards = new Map<string, SessionShard>();
  private readonly shardLoads = new Map<string, Promise<SessionShard>>();
  /** Bumped by every change to what a reader of a worktree's sessions or a transcript sees. */
  private readonly revisions = new Map<string, number>();
  readonly processRecords: ProcessRecords;
  /** Files attached to messages, one private folder per session. */
  readonly attachments: AttachmentFiles;
  private search: SearchIndexFile | null = null;

  private constructor(
    readonly dataDir: string,
    private readonly catalog: JsonDocument<Catalog>,
    private readonly options: Required<Omit<StoreOptions, 'dataDir' | 'secretCipher'>>,
    private readonly releaseLock: () => Promise<void>,
    /** MCP servers, the choices of projects and sessions, and their secrets. */
    readonly mcp: McpStore,
  ) {
    this.processRecords = new ProcessRecords(dataDir, options.log);
    this.attachments = new AttachmentFiles(path.join(dataDir, 'attachments'), options.files);
  }

  static async open(options: StoreOptions): Promise<Store> {
    const log = options.log ?? ((message: string) => console.error(message));
    const migrations = { catalog: [], sessions: [], ...options.migrations };
    const files = options.files ?? realFiles;
    const dataDir = path.resolve(options.dataDir);
    await files.mkdir(path.join(dataDir, 'sessions'), { recursive: true, mode: 0o700 });
    await files.mkdir(path.join(dataDir, 'transcripts'), { recursive: true, mode: 0o700 });
    // mkdir's mode applies only to folders it creates; one that already existed is tightened too.
    await chmod(dataDir, 0o700);
    // New folders are lost in a power cut, with every file in them, until their parent is synced.
    await syncDirectory(dataDir, files);
    const releaseLock = await acquireDataDirLock(dataDir);
    try {
      await removeStaleTempFiles([dataDir, path.join(dataDir, 'sessions')], files);
      const firstStart = await isFirstStart(dataDir);
      const catalog = await JsonDocument.open<Catalog>({
        file: path.join(dataDir, 'catalog.json'),
        schema: Catalog,
        version: SCHEMA_VERSION,
        migrations: migrations.catalog,
        log,
        files,
        initial: () => ({
          schema_version: SCHEMA_VERSION,
          projects: [],
          worktrees: [],
          preferences: structuredClone(DEFAULT_PREFERENCES),
        }),
      });
      // On disk before anything else can be, so a missing catalog always means a lost one.
      if (firstStart) await catalog.update(() => undefined);
      const cipher = options.secretCipher ?? null;
      const mcp = await McpStore.open({ dataDir, log, files, cipher });
      const shardCompactBytes = options.shardCompactBytes ?? DEFAULT_COMPACT_BYTES;
      const store = new Store(
        dataDir,
        catalog,
        { log, migrations, files, shardCompactBytes },
        releaseLock,
        mcp,
      );
      for (const worktree of catalog.data.worktrees) await store.loadShard(worktree.id);
      const search = new SearchIndexFile(
        path.join(dataDir, 'search-index.jsonl'),
        log,
        transcriptTexts(
          () => store.allSessions(),
          (sessionId) => store.transcript(sessionId),
        ),
      );
      await search.takeCleanMark();
      store.search = search;
      return store;
    } catch (error) {
      await releaseLock();
      throw error;
    }
  }

  // ---- catalog ----

  get projects(): readonly Project[] {
    return this.catalog.data.projects;
  }

  get worktrees(): readonly Worktree[] {
    return this.catalog.data.worktrees;
  }

  get preferences(): Preferences {
    return this.catalog.data.preferences;
  }

  updateCatalog<R>(mutate: (catalog: Catalog) => R): Promise<R> {
    return this.catalog.update(mutate);
  }

  // ---- sessions ----

  sessionsOf(worktreeId: string): readonly Session[] {
    return this.shards.get(worktreeId)?.sessions ?? [];
  }

  findSession(sessionId: string): Session | undefined {
    for (const shard of this.shards.values()) {
      const session = shard.get(sessionId);
      if (session) return session;
    }
    return undefined;
  }

  /**
   * A number that changes whenever the session list of `worktreeId` (or, for a session id, its
   * transcript) may have changed, so a reader can cache what it built from them.
   */
  revision(id: string): number {
    return this.revisions.get(id) ?? 0;
  }

  allSessions(): Session[] {
    return [...this.shards.values()].flatMap((shard) => shard.sessions);
  }

  /**
   * Mutate one worktree's session list; resolves once the change is durable. Replace a session
   * record rather than changing it in place: a write finds what changed by identity.
   */
  async updateSessions<R>(worktreeId: string, mutate: (sessions: Session[]) => R): Promise<R> {
    const shard = await this.loadShard(worktreeId);
    const update = shard.update(mutate);
    this.bump(worktreeId);
    try {
      return await update;
    } finally {
      // A failed write rolled the shard back to what is on disk.
      this.bump(worktreeId);
    }
  }

  /**
   * Remove a worktree's session shard and every transcript in it, once its catalog record is
   * gone. The files are deleted rather than rewritten empty: deleting needs no free space, so a
   * full disk cannot leave a removal half done.
   */
  async dropSessions(worktreeId: string): Promise<void> {
    const shard = await this.loadShard(worktreeId);
    // A write still in flight must not recreate the file after it is deleted.
    await shard.flushed();
    const dropped = shard.sessions.map((session) => session.id);
    this.shards.delete(worktreeId);
    this.shardLoads.delete(worktreeId);
    this.bump(worktreeId);
    const file = this.shardFile(worktreeId);
    const { files } = this.options;
    const doomed = [file, `${file}.bak`, logPath(file)];
    await Promise.all(doomed.map((item) => files.rm(item, { force: true })));
    for (const sessionId of dropped) await this.deleteTranscript(sessionId);
  }

  // ---- transcripts ----

  async appendMessage(message: Message): Promise<void> {
    await this.transcript(message.session_id).append(message);
    this.transcripts.appended(message);
    this.bump(message.session_id);
    this.search?.add(indexedText(message));
  }

  /**
   * Take `message`, the last one appended, back out of its transcript: the change it belonged
   * to could not be saved. Shortening a file needs no free space.
   */
  async retractMessage(message: Message): Promise<void> {
    await this.transcript(message.session_id).removeLast(message.id);
    this.transcripts.retracted(message.session_id);
    this.bump(message.session_id);
    this.search?.removeMessage(message.id, message.session_id);
  }

  /** Messages holding `query` (any case), newest first; waits for the index to be read. */
  async searchMessages(query: string, limit: number, accept: (id: string) => boolean) {
    return (await this.search?.search(query, limit, accept)) ?? ([] as TextHit[]);
  }

  /** Start reading the search index in the background (the server does once it listens). */
  loadSearchIndex(): void {
    this.search?.load().catch(() => undefined);
  }

  /** A session's messages, oldest first. The array is shared: callers must not change it. */
  async readMessages(sessionId: string): Promise<readonly Message[]> {
    const cached = this.transcripts.get(sessionId);
    if (cached) return cached;
    const version = this.transcripts.version(sessionId);
    const messages = await this.transcript(sessionId).readAll();
    this.transcripts.remember(sessionId, messages, version);
    return messages;
  }

  async deleteTranscript(sessionId: string): Promise<void> {
    await this.transcript(sessionId).remove();
    this.transcripts.forget(sessionId);
    this.bump(sessionId);
    this.search?.removeSession(sessionId);
    await this.options.files.rm(this.runLogDir(sessionId), { recursive: true, force: true });
    await this.attachments.removeSession(sessionId);
  }

  /** Folder for the raw CLI output of a session's runs, kept for debugging and re-parsing. */
  runLogDir(sessionId: string): string {
    return path.join(this.dataDir, 'transcripts', `${sessionId}.runs`);
  }

  async close(): Promise<void> {
    await this.catalog.flushed();
    await this.mcp.flushed();
    await Promise.all([...this.shards.values()].map((shard) => shard.close()));
    await this.search?.close();
    await this.releaseLock();
  }

  private transcript(sessionId: string): TranscriptFile {
    return new TranscriptFile(
      path.join(this.dataDir, 'transcripts', `${sessionId}.jsonl`),
      this.options.log,
      this.options.files,
    );
  }

  private bump(id: string): void {
    this.revisions.set(id, this.revision(id) + 1);
  }

  private shardFile(worktreeId: string): string {
    return path.join(this.dataDir, 'sessions', `${worktreeId}.json`);
  }

  private loadShard(worktreeId: string): Promise<SessionShard> {
    let load = this.shardLoads.get(worktreeId);
    if (!load) {
      load = this.openShard(worktreeId);
      this.shardLoads.set(worktreeId, load);
      load.catch(() => this.shardLoads.delete(worktreeId));
    }
    return load;
  }

  private async openShard(worktreeId: string): Promise<SessionShard> {
    const shard = await SessionShard.open({
      file: this.shardFile(worktreeId),
      migrations: this.options.migrations.sessions ?? [],
      log: this.options.log,
      files: this.options.files,
      compactBytes: this.options.shardCompactBytes,
    });
    this.shards.set(worktreeId, shard);
    return shard;
  }
}
