import type { MessagePage, Session, SessionWithMessages } from '../contract/index.js';
import { GroveError, notFound } from '../errors.js';
import { SerializedBody } from './serialized-body.js';
import type { ServiceContext } from './context.js';
import type { SessionsService } from './sessions.js';
import type { WorktreesService } from './worktrees.js';

/** Serialized bodies kept at most; a few long histories must not grow the process unbounded. */
const CACHE_BYTES = 32 * 1024 * 1024;

interface Entry {
  version: string;
  body: SerializedBody<unknown>;
}

/**
 * The read side of sessions, answered from serialized bodies cached per worktree and per
 * session. An entry is named by the store's revisions of what it was built from, so every write
 * (a PATCH, a run's status or message, a rollback after a failed write) makes it miss.
 */
export class SessionReadsService {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(
    private readonly context: ServiceContext,
    private readonly sessions: SessionsService,
    private readonly worktrees: WorktreesService,
  ) {}

  list(worktreeId: string, includeArchived: boolean): SerializedBody<Session[]> {
    // Throws not-found for a worktree that is gone, whatever is cached.
    this.worktrees.get(worktreeId);
    const version = `${this.context.store.revision(worktreeId)}.${this.sessions.unsavedRevision}`;
    const key = `list:${worktreeId}:${includeArchived}`;
    return this.cached(key, version, () => this.sessions.list(worktreeId, includeArchived));
  }

  async get(sessionId: string): Promise<SerializedBody<SessionWithMessages>> {
    const session = this.sessions.get(sessionId);
    const { store } = this.context;
    // Read before the history is: an append while it loads then names a newer version.
    const version = `${store.revision(session.worktree_id)}.${store.revision(sessionId)}.${this.sessions.unsavedRevision}`;
    const key = `session:${sessionId}`;
    const hit = this.hit<SessionWithMessages>(key, version);
    if (hit) return hit;
    const messages = await store.readMessages(sessionId);
    return this.cached(key, version, () => ({
      ...this.sessions.get(sessionId),
      messages: [...messages],
    }));
  }

  /**
   * A page of history, oldest first: the `limit` messages before message `before` (default: the
   * newest), or, with `offset`, the `limit` messages from that index on (a jump into history).
   */
  async page(
    sessionId: string,
    query: { before?: string | undefined; offset?: number | undefined; limit: number },
  ): Promise<MessagePage> {
    this.sessions.get(sessionId);
    if (query.offset !== undefined && query.before !== undefined) {
      throw new GroveError('invalid-request', 'Send either before or offset, not both.', 'offset');
    }
    const all = await this.context.store.readMessages(sessionId);
    let start: number;
    let end: number;
    if (query.offset !== undefined) {
      start = Math.min(query.offset, all.length);
      end = Math.min(all.length, start + query.limit);
    } else {
      end =
        query.before === undefined
          ? all.length
          : all.findIndex((message) => message.id === query.before);
      if (end === -1) throw notFound('message', query.before ?? '');
      start = Math.max(0, end - query.limit);
    }
    return {
      messages: all.slice(start, end),
      has_more: start > 0,
      offset: start,
      total: all.length,
    };
  }

  private hit<T>(key: string, version: string): SerializedBody<T> | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.version !== version) return undefined;
    // Re-inserted: the map's order is least recently used first.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.body as SerializedBody<T>;
  }

  private cached<T>(key: string, version: string, build: () => T): SerializedBody<T> {
    const hit = this.hit<T>(key, version);
    if (hit) return hit;
    const body = SerializedBody.of(build(), `${key}.${version}`);
    this.forget(key);
    this.entries.set(key, { version, body });
    this.bytes += body.bytes.length;
    for (const oldest of this.entries.keys()) {
      if (this.bytes <= CACHE_BYTES) break;
      this.forget(oldest);
    }
    return body;
  }

  private forget(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.bytes -= entry.body.bytes.length;
    this.entries.delete(key);
  }
}
