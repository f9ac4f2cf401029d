import { randomUUID } from 'node:crypto';
import {
  nowSeconds,
  type CreateSession,
  type MessagePage,
  type Session,
  type SessionWithMessages,
  type UpdateSession,
} from '../contract/index.js';
import { ApiError, notFound } from '../http/errors.js';
import { changedFields, withoutUndefined, type ServiceContext } from './context.js';
import type { WorktreesService } from './worktrees.js';

/** Hook run before a session is deleted, so a running agent is stopped first. */
export type BeforeSessionDelete = (session: Session) => Promise<void>;

export class SessionsService {
  constructor(
    private readonly context: ServiceContext,
    private readonly worktrees: WorktreesService,
    private readonly beforeDelete: BeforeSessionDelete,
  ) {}

  list(worktreeId: string, includeArchived: boolean): Session[] {
    this.worktrees.get(worktreeId);
    return this.context.store
      .sessionsOf(worktreeId)
      .filter((session) => includeArchived || session.archived_at === null);
  }

  get(sessionId: string): Session {
    const session = this.context.store.findSession(sessionId);
    if (!session) throw notFound('session', sessionId);
    return session;
  }

  async getWithMessages(sessionId: string): Promise<SessionWithMessages> {
    const session = this.get(sessionId);
    return { ...session, messages: await this.context.store.readMessages(sessionId) };
  }

  /** A page of history, oldest first, ending just before `before` (or at the newest message). */
  async messagePage(sessionId: string, before: string | undefined, limit: number): Promise<MessagePage> {
    this.get(sessionId);
    const all = await this.context.store.readMessages(sessionId);
    const end = before === undefined ? all.length : all.findIndex((message) => message.id === before);
    if (end === -1) throw notFound('message', before ?? '');
    const start = Math.max(0, end - limit);
    return { messages: all.slice(start, end), has_more: start > 0 };
  }

  async create(worktreeId: string, input: CreateSession): Promise<Session> {
    const worktree = this.worktrees.get(worktreeId);
    const project = this.context.store.projects.find((item) => item.id === worktree.project_id);
    const preferences = this.context.store.preferences;
    const backend = input.backend ?? project?.defaults.backend ?? preferences.default_backend;
    const now = nowSeconds();
    const session: Session = {
      id: randomUUID(),
      worktree_id: worktreeId,
      name: input.name ?? this.nextName(worktreeId),
      created_at: now,
      updated_at: now,
      archived_at: null,
      execution_mode: input.execution_mode ?? 'plan',
      model: input.model ?? project?.defaults.models[backend] ?? preferences.default_models[backend],
      thinking_level:
        input.thinking_level ?? project?.defaults.thinking_level ?? preferences.default_thinking_level,
      backend,
      message_count: 0,
      status: 'idle',
      awaiting_plan_approval: false,
      resume_ids: { claude: null, codex: null, opencode: null },
      last_usage: null,
      queue: [],
    };
    await this.context.store.updateSessions(worktreeId, (sessions) => sessions.push(session));
    this.context.hub.publish('session-created', { session });
    return session;
  }

  /** Apply a user's PATCH. A backend switch keeps each backend's own resume id. */
  update(sessionId: string, patch: UpdateSession): Promise<Session> {
    return this.apply(sessionId, (session) => ({ ...session, ...withoutUndefined(patch) }));
  }

  /**
   * Replace a session through `change` and broadcast only what changed; a change that changes
   * nothing writes and sends nothing. Also used by the chat service for status and usage.
   */
  async apply(sessionId: string, change: (session: Session) => Session): Promise<Session> {
    const before = this.get(sessionId);
    const next = change(structuredClone(before));
    const updates = changedFields(before, next);
    if (Object.keys(updates).length === 0) return before;
    next.updated_at = updates.updated_at = nowSeconds();
    await this.context.store.updateSessions(before.worktree_id, (sessions) => {
      const index = sessions.findIndex((item) => item.id === sessionId);
      if (index !== -1) sessions[index] = next;
    });
    this.context.hub.publish('session-updated', { session_id: sessionId, updates });
    return next;
  }

  async setArchived(sessionId: string, archived: boolean): Promise<Session> {
    const before = this.get(sessionId);
    if ((before.archived_at !== null) === archived) return before;
    const now = nowSeconds();
    const next = { ...before, archived_at: archived ? now : null, updated_at: now };
    await this.context.store.updateSessions(before.worktree_id, (sessions) => {
      const index = sessions.findIndex((item) => item.id === sessionId);
      if (index !== -1) sessions[index] = next;
    });
    this.context.hub.publish(archived ? 'session-archived' : 'session-unarchived', {
      session_id: sessionId,
    });
    return next;
  }

  async reorder(worktreeId: string, order: readonly string[]): Promise<Session[]> {
    const current = this.list(worktreeId, true);
    const known = new Set(current.map((session) => session.id));
    const unknown = order.find((id) => !known.has(id));
    if (unknown) throw new ApiError('invalid-request', `session_ids: ${unknown} is not in this worktree.`, 'session_ids');
    const rank = new Map(order.map((id, index) => [id, index]));
    const sorted = [...current].sort(
      (a, b) => (rank.get(a.id) ?? order.length + current.indexOf(a)) - (rank.get(b.id) ?? order.length + current.indexOf(b)),
    );
    if (sorted.every((session, index) => session.id === current[index]?.id)) return sorted;
    await this.context.store.updateSessions(worktreeId, (sessions) => {
      sessions.splice(0, sessions.length, ...sorted);
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
    await this.context.store.updateSessions(session.worktree_id, (sessions) => {
      const index = sessions.findIndex((item) => item.id === sessionId);
      if (index !== -1) sessions.splice(index, 1);
    });
    await this.context.store.deleteTranscript(sessionId);
    this.context.hub.publish('session-deleted', { session_id: sessionId });
  }

  private nextName(worktreeId: string): string {
    const taken = new Set(this.context.store.sessionsOf(worktreeId).map((session) => session.name));
    let number = taken.size + 1;
    while (taken.has(`Session ${number}`)) number++;
    return `Session ${number}`;
  }
}
