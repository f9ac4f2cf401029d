import type { Session } from '../contract/index.js';
import type { LogEntry } from './shard-log-entries.js';

/** What one log line will say, and the sessions as they are once it is on disk. */
export interface Batch {
  line: string;
  sessions: Session[];
}

/**
 * A shard's sessions in memory, and what changed since the last log line was taken: found by
 * comparing records by identity before and after each mutation, which costs a pointer compare
 * per session rather than serializing them. Records are frozen (their top-level fields: nested
 * objects must be replaced along with the record), so a caller must replace one to change it
 * and an edit in place of a field throws rather than being silently lost.
 */
export class ShardChanges {
  private byId: Map<string, Session>;
  /** What the last acknowledged write left: where a failed write rolls back to. */
  private savedList: Session[];
  /** Changed records by id since the last line was taken; null for a removed one. */
  private changed = new Map<string, Session | null>();
  /** The order changed other than by removals and new sessions going last. */
  private orderChanged = false;

  constructor(readonly sessions: Session[]) {
    for (const session of sessions) Object.freeze(session);
    this.savedList = sessions.slice();
    this.byId = byIdOf(sessions);
  }

  get savedSessions(): readonly Session[] {
    return this.savedList;
  }

  get(sessionId: string): Session | undefined {
    return this.byId.get(sessionId);
  }

  /** Run `mutate` on the sessions and note what it changed (even if it throws half-way). */
  apply<R>(mutate: (sessions: Session[]) => R): R {
    const before = this.sessions.slice();
    try {
      return mutate(this.sessions);
    } finally {
      this.note(before);
    }
  }

  /** The log line for everything changed so far (null if nothing did), numbered `seq`. */
  take(seq: number): Batch | null {
    if (this.changed.size === 0 && !this.orderChanged) return null;
    const entry: LogEntry = { seq, put: [], delete: [] };
    for (const [id, session] of this.changed) {
      if (session) entry.put.push(session);
      else entry.delete.push(id);
    }
    if (this.orderChanged) entry.order = this.sessions.map((session) => session.id);
    this.changed = new Map();
    this.orderChanged = false;
    return { line: `${JSON.stringify(entry)}\n`, sessions: this.sessions.slice() };
  }

  /** A taken batch is on disk. */
  saved(sessions: Session[]): void {
    this.savedList = sessions;
  }

  /** A write failed: back to what the last acknowledged one left, later changes included. */
  rollBack(): void {
    this.sessions.length = 0;
    for (const session of this.savedList) this.sessions.push(session);
    this.byId = byIdOf(this.sessions);
    this.changed = new Map();
    this.orderChanged = false;
  }

  private note(before: readonly Session[]): void {
    const after = this.sessions;
    const common = Math.min(before.length, after.length);
    for (let index = 0; index < common; index++) {
      const [was, now] = [before[index] as Session, after[index] as Session];
      if (was === now) continue;
      if (was.id !== now.id) return this.noteReshaped(before);
      this.put(now);
    }
    // The common case: records replaced in place, new ones pushed.
    const added = after.slice(common);
    if (after.length < before.length || added.some((session) => this.byId.has(session.id))) {
      return this.noteReshaped(before);
    }
    for (const session of added) this.putNew(session);
  }

  /** Sessions were added, removed or moved. */
  private noteReshaped(before: readonly Session[]): void {
    const after = this.sessions;
    const afterById = byIdOf(after);
    const beforeById = byIdOf(before);
    for (const session of before) {
      if (afterById.has(session.id)) continue;
      this.changed.set(session.id, null);
      this.byId.delete(session.id);
    }
    for (const session of after) {
      const was = beforeById.get(session.id);
      if (was === session) continue;
      if (was) this.put(session);
      else this.putNew(session);
    }
    if (!onlyAppended(before, after, beforeById, afterById)) this.orderChanged = true;
  }

  private putNew(session: Session): void {
    // Removed and added back in one batch: replay would keep its old place.
    if (this.changed.get(session.id) === null) this.orderChanged = true;
    // New sessions go last in the line, in the order they were added.
    this.changed.delete(session.id);
    this.put(session);
  }

  private put(session: Session): void {
    // Changes are found by identity, so an edit in place would never reach the disk: refuse it.
    Object.freeze(session);
    this.changed.set(session.id, session);
    this.byId.set(session.id, session);
  }
}

/** `after` is `before` less what was removed, then the new sessions: what replay rebuilds. */
function onlyAppended(
  before: readonly Session[],
  after: readonly Session[],
  beforeById: Map<string, Session>,
  afterById: Map<string, Session>,
): boolean {
  let index = 0;
  for (const session of before) {
    if (!afterById.has(session.id)) continue;
    if (after[index]?.id !== session.id) return false;
    index++;
  }
  return after.slice(index).every((session) => !beforeById.has(session.id));
}

function byIdOf(sessions: readonly Session[]): Map<string, Session> {
  return new Map(sessions.map((session) => [session.id, session]));
}
