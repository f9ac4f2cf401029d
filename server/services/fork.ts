import { randomUUID } from 'node:crypto';
import type { Message, Session } from '../contract/index.js';
import { GroveError, notFound } from '../errors.js';
import type { CheckpointService } from './checkpoints.js';
import type { ServiceContext } from './context.js';
import type { SessionsService } from './sessions.js';

/** How much of the earlier conversation a fork from the middle gives the agent, at most. */
const CONTEXT_CHARACTERS = 60_000;

/**
 * "Fork from here": a new session in the same worktree with the conversation up to a message.
 * At the source's end its CLI conversation is forked natively on the first run (the whole
 * conversation is what the fork keeps). From an earlier answer whose CLI said where it ends in
 * its conversation (kept as `cli_turn`: Claude's message uuid, Codex's turn id, OpenCode's
 * message id), that conversation is forked cut after it. Otherwise (a user message, or an
 * answer from before Grove kept these) the fork starts a fresh conversation and its first
 * prompt carries the earlier history as context.
 *
 * While the source runs, its finished part can be forked (as from earlier); the running turn
 * itself cannot, as it has no answer yet.
 */
export class ForkService {
  constructor(
    private readonly context: ServiceContext,
    private readonly sessions: SessionsService,
    private readonly checkpoints: CheckpointService,
    private readonly isRunning: (sessionId: string) => boolean,
  ) {}

  async fork(sessionId: string, messageId: string): Promise<Session> {
    const source = this.sessions.get(sessionId);
    const messages = await this.context.store.readMessages(sessionId);
    const index = messages.findIndex((message) => message.id === messageId);
    if (index === -1) throw notFound('message', messageId);
    const atEnd = index === messages.length - 1;
    if (atEnd && this.isRunning(sessionId)) {
      throw new GroveError(
        'session-busy',
        'This turn is still running: fork from an earlier message, or wait for the turn to end.',
      );
    }
    const kept = messages.slice(0, index + 1);
    const last = kept.at(-1);
    const cut = forkPoint(source, last, atEnd);
    // Cut at a question before its answer, the fork keeps none of the answer: that turn's
    // checkpoints would offer changes and a restore for a turn that, in the fork, never ran.
    const cutRun = !atEnd && last?.role === 'user' ? last.run_id : null;
    const runOf = (message: Message) => (message.run_id === cutRun ? null : message.run_id);

    const fork = await this.sessions.create(source.worktree_id, {
      name: `${source.name} (fork)`.slice(0, 120),
      backend: source.backend,
      model: source.model,
      execution_mode: source.execution_mode,
      thinking_level: source.thinking_level,
    });
    for (const message of kept) {
      for (const attachment of message.attachments ?? []) {
        await this.context.store.attachments.copy(sessionId, fork.id, attachment);
      }
      // A kept turn keeps its run id: its checkpoints are copied below, to be shown and restored.
      const copy = { ...message, id: randomUUID(), session_id: fork.id, run_id: runOf(message) };
      await this.context.store.appendMessage(copy);
    }
    const runIds = kept.flatMap((message) => {
      const runId = runOf(message);
      return runId ? [runId] : [];
    });
    await this.checkpoints.copy(sessionId, fork.id, new Set(runIds));
    return this.sessions.apply(fork.id, (current) => ({
      ...current,
      message_count: kept.length,
      pending_fork: { ...cut, context: cut.resume_id ? null : historyContext(kept) },
    }));
  }
}

/**
 * Where the fork's CLI conversation comes from: at the end, the source's whole conversation; at an
 * answer whose CLI said where it ends (Claude), that conversation cut after it; otherwise none.
 */
function forkPoint(
  source: Session,
  last: Message | undefined,
  atEnd: boolean,
): { resume_id: string | null; resume_at?: string } {
  if (atEnd) return { resume_id: source.resume_ids[source.backend] };
  const turn = last?.cli_turn;
  if (turn?.backend !== source.backend) return { resume_id: null };
  return { resume_id: turn.conversation_id, resume_at: turn.message_id };
}

/** The earlier conversation as the agent reads it before the fork's first message. */
export function historyContext(messages: readonly Message[]): string | null {
  const lines = messages
    .map((message) => {
      const text = message.parts
        .flatMap((part) => (part.type === 'text' ? [part.text] : []))
        .join('\n')
        .trim();
      return text ? `${message.role === 'user' ? 'User' : 'Assistant'}: ${text}` : null;
    })
    .filter((line): line is string => line !== null);
  if (lines.length === 0) return null;
  const history = lines.join('\n\n').slice(-CONTEXT_CHARACTERS);
  return `This conversation continues an earlier one; here is what was said so far:\n<earlier-conversation>\n${history}\n</earlier-conversation>\n\nThe user's next message:\n`;
}
