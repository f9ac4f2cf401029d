import { randomUUID } from 'node:crypto';
import {
  nowSeconds,
  NO_USAGE_TOTAL,
  type Backend,
  type CreateSession,
  type Session,
  type SessionStatus,
  type UpdateSession,
} from '../contract/index.js';
import { GroveError, notFound } from '../errors.js';
import { StorageWriteError } from '../store/durable-file.js';
import { changedFields, withoutUndefined, type ServiceContext } from './context.js';
import type { WorktreesService } from './worktrees.js';

/** Hook run before a session is deleted, so a running agent is stopped first. */
export type BeforeSessionDelete = (session: Session) => Promise<void>;

/** What a new session takes when the request leaves a setting out. */
type SessionSettings = Pick<Session, 'execution_mode' | 'model' | 'thinking_level' | 'backend'>;

interface Replacement {
  session: Session;
  updates: Partial<Session>;
}

const AUTO_NAME = /^Session (\d+)$/;

export class SessionsService {
  /**
   * Statuses the disk refused (see `setRunStatus`), served instead of the saved one until the
   * session's next successful write saves them.
   */
  private readonly unsavedStatus = new Map<string, SessionStatus>();
  /** Bumped whenever `unsavedStatus` changes what a read returns (see SessionReadsService). */
  private unsavedRevisionCount = 0;

  constructor(
    private readonly context: ServiceContext,
    private readonly worktrees: WorktreesService,
    private readonly beforeDelete: BeforeSessionDelete,
  ) {}

  list(worktreeId: string, includeArchived: boolean): Session[] {
    this.worktrees.get(worktreeId);
    return this.context.store
      .sessionsOf(worktreeId)
      .filter((session) => includeArchived || session.archived_at === null)
      .map((session) => this.withUnsavedStatus(session));
  }

  get unsavedRevision(): number {
    return this.unsavedRevisionCount;
  }

  get(sessionId: string): Session {
    const session = this.context.store.findSession(sessionId);
    if (!session) throw notFound('session', sessionId);
    return this.withUnsavedStatus(session);
  }

  /**
   * Set the status a run leaves behind. It must never go on claiming a run that is over: when
   * the disk refuses the write, the status is kept in memory and sent to the clients anyway. A
   * restart before it is saved finds 'running' on disk, which recovery marks interrupted.
   */
  async setRunStatus(sessionId: string, status: SessionStatus): Promise<void> {
    try {
      await this.apply(sessionId, (session) => ({ ...session, status }));
    } catch (error) {
      if (!(error instanceof StorageWriteError)) throw error;
      this.context.log(
        `Grove: kept session ${sessionId} ${status} in memory only: ${error.message}`,
      );
      this.unsavedStatus.set(sessionId, status);
      this.unsavedRevisionCount += 1;
      this.context.hub.publish('session-updated', { session_id: sessionId, updates: { status } });
    }
  }

  async create(worktreeId: string, input: CreateSession): Promise<Session> {
    const defaults = this.defaultSettings(worktreeId, input.backend);
    const now = nowSeconds();
    const session = await this.context.store.updateSessions(worktreeId, (sessions) => {
      // Named inside the mutation so two concurrent creates cannot pick the same "Session N".
      const created: Session = {
        id: randomUUID(),
        worktree_id: worktreeId,
        name: input.name ?? nextAutoName(sessions),
        named_by_user: input.name !== undefined,
        created_at: now,
        updated_at: now,
        archived_at: null,
        ...defaults,
        ...withoutUndefined({
          execution_mode: input.execution_mode,
          model: input.model,
          thinking_level: input.thinking_level,
        }),
        message_count: 0,
        status: 'idle',
        awaiting_plan_approval: false,
        resume_ids: { claude: null, codex: null, opencode: null },
        last_usage: null,
        usage_total: NO_USAGE_TOTAL,
        run_started_at_ms: null,
        queue: [],
        pending_approvals: [],
        approval_rules: [],
      };
      sessions.push(created);
      return created;
    });
    this.context.hub.publish('session-created', { session: structuredClone(session) });
    return session;
  }

  /**
   * Apply a user's PATCH. Switching `backend` without naming a `model` moves the session to the
   * new backend's inherited default model, since a model name only means something to its own
   * backend. Each backend keeps its own resume id.
   */
  update(sessionId: string, patch: UpdateSession): Promise<Session> {
    return this.apply(sessionId, (session) => {
      const next = { ...session, ...withoutUndefined(patch) };
      if (patch.name !== undefined) next.named_by_user = true;
      if (patch.model === undefined && next.backend !== session.backend) {
        next.model = this.defaultSettings(session.worktree_id, next.backend).model;
      }
      return next;
    });
  }

  /** Name a session automatically (from its first message), unless its user has named it. */
  autoName(sessionId: string, name: string): Promise<Session> {
    return this.apply(sessionId, (session) =>
      session.named_by_user ? session : { ...session, name },
    );
  }

  /**
   * Replace a session through `change` and broadcast only what changed; a change that changes
   * nothing writes and sends nothing. Also used by the chat service for status and usage.
   * `change` must be a pure function of the session it is given: it may run more than once.
   */
  async apply(sessionId: string, change: (session: Session) => Session): Promise<Session> {
    const { session, updates } = await this.replace(sessionId, change);
    if (Object.keys(updates).length > 0) {
      this.context.hub.publish('session-updated', {
        session_id: sessionId,
        updates: structuredClone(updates),
      });
    }
    return session;
  }

  /** Archive (soft delete) or restore; idempotent, and only a real change is broadcast. */
  async setArchived(sessionId: string, archived: boolean): Promise<Session> {
    const now = nowSeconds();
    const { session, updates } = await this.replace(sessionId, (current) => ({
      ...current,
      archived_at: archived ? (current.archived_at ?? now) : null,
    }));
    if (Object.keys(updates).length > 0) {
      this.context.hub.publish(archived ? 'session-archived' : 'session-unarchived', {
        session_id: sessionId,
      });
    }
    return session;
  }

  async reorder(worktreeId: string, order: readonly string[]): Promise<Session[]> {
    const current = this.list(worktreeId, true);
    const known = new Set(current.map((session) => session.id));
    const unknown = order.find((id) => !known.has(id));
    if (unknown) {
      throw new GroveError(
        'invalid-request',
        `session_ids: ${unknown} is not in this worktree.`,
        'session_ids',
      );
    }
    const sorted = inRequestedOrder(current, order);
    if (sorted.every((session, index) => session.id === current[index]?.id)) return sorted;
    await this.context.store.updateSessions(worktreeId, (sessions) => {
      sessions.splice(0, sessions.length, ...inRequestedOrder(sessions, order));
    });
    this.context.hub.publish('sessions-reordered', {
      worktree_id: worktreeId,
      session_ids: sorted.map((session) => session.id),
    });
    return sorted;
  }

  /** Permanent: the session's metadata, transcript and run logs are removed from disk. */
  async remove(sessionId: string): Promise<void> {
    const session = this.get(sessionId);
    await this.beforeDelete(session);
    const removed = await this.context.store.updateSessions(session.worktree_id, (sessions) => {
      const index = sessions.findIndex((item) => item.id === sessionId);
      if (index !== -1) sessions.splice(index, 1);
      return index !== -1;
    });
    // A concurrent DELETE got there first: it owns the cleanup and the one event.
    if (!removed) throw notFound('session', sessionId);
    if (this.unsavedStatus.delete(sessionId)) this.unsavedRevisionCount += 1;
    await this.context.store.deleteTranscript(sessionId);
    this.context.hub.publish('session-deleted', { session_id: sessionId });
  }

  /**
   * Mode comes from the global preferences; backend, then model and thinking level, from the
   * worktree's project defaults, falling back to the global preferences.
   */
  private defaultSettings(
    worktreeId: string,
    requestedBackend: Backend | undefined,
  ): SessionSettings {
    const worktree = this.worktrees.get(worktreeId);
    const project = this.context.store.projects.find((item) => item.id === worktree.project_id);
    const preferences = this.context.store.preferences;
    const backend = requestedBackend ?? project?.defaults.backend ?? preferences.default_backend;
    return {
      execution_mode: preferences.default_execution_mode,
      model: project?.defaults.models[backend] ?? preferences.default_models[backend],
      thinking_level: project?.defaults.thinking_level ?? preferences.default_thinking_level,
      backend,
    };
  }

  /**
   * Write `change(session)` unless it changes nothing. The change is re-applied to the stored
   * session inside the shard mutation, so concurrent changes to one session never overwrite
   * each other. `updates` holds exactly the fields whose values differ, `updated_at` included.
   */
  private async replace(
    sessionId: string,
    change: (session: Session) => Session,
  ): Promise<Replacement> {
    const current = this.get(sessionId);
    if (!hasChanges(current, change(structuredClone(current))))
      return { session: current, updates: {} };
    let heldStatus: SessionStatus | undefined;
    const replacement = await this.context.store.updateSessions(current.worktree_id, (sessions) => {
      const index = sessions.findIndex((item) => item.id === sessionId);
      const saved = sessions[index];
      if (!saved) throw notFound('session', sessionId);
      // Built on what clients were told, so a status kept unsaved is saved with this write.
      heldStatus = this.unsavedStatus.get(sessionId);
      const latest = this.withUnsavedStatus(saved);
      const next = change(structuredClone(latest));
      if (!hasChanges(saved, next)) return { session: saved, updates: {} };
      next.updated_at = nowSeconds();
      sessions[index] = next;
      return { session: next, updates: changedFields(latest, next) };
    });
    if (heldStatus !== undefined && this.unsavedStatus.get(sessionId) === heldStatus) {
      this.unsavedStatus.delete(sessionId);
      this.unsavedRevisionCount += 1;
    }
    return replacement;
  }

  private withUnsavedStatus(session: Session): Session {
    const status = this.unsavedStatus.get(session.id);
    return status === undefined ? session : { ...session, status };
  }
}

function hasChanges(before: Session, after: Session): boolean {
  return Object.keys(changedFields(before, after)).length > 0;
}

/** "Session N" with N one above the highest such name in the worktree, archived ones included. */
function nextAutoName(sessions: readonly Session[]): string {
  const highest = sessions.reduce((max, session) => {
    const number = Number(AUTO_NAME.exec(session.name)?.[1] ?? 0);
    return Number.isSafeInteger(number) ? Math.max(max, number) : max;
  }, 0);
  return `Session ${highest + 1}`;
}

/** Sessions named in `order` first, in that order; the rest after them, in their current order. */
function inRequestedOrder(sessions: readonly Session[], order: readonly string[]): Session[] {
  const rank = new Map(order.map((id, index) => [id, index]));
  const rankOf = (session: Session, index: number) => rank.get(session.id) ?? order.length + index;
  return sessions
    .map((session, index) => ({ session, rank: rankOf(session, index) }))
    .sort((a, b) => a.rank - b.rank)
    .map((item) => item.session);
}
