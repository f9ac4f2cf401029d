import { randomUUID } from 'node:crypto';
import {
  nowSeconds,
  type Attachment,
  type ExecutionMode,
  type Message,
  type QueuedMessage,
  type Session,
} from '../contract/index.js';
import type { ServiceContext } from '../services/context.js';
import type { SessionsService } from '../services/sessions.js';
import type { WorktreesService } from '../services/worktrees.js';
import type { WarmAgentRun } from './warm-agent-run.js';
import { ApprovalBroker } from './approvals.js';
import { persistMessage, persistMessageWith } from './messages.js';
import { emptyUsage, runOutcome, userMessage, type RunFailure } from './run-outcome.js';
import { RunRecorder, type RunRef } from './run-recorder.js';
import { nextRunState, UNSAVED_END_STATUS, type RunEvent } from './session-run-state.js';
import { SessionNamer } from './session-title.js';
import { startTurnRun } from './start-turn.js';
import { turnRequestOf } from './turn-request.js';
import { WarmHost } from './warm-host.js';
import { NO_TURN_HOOKS, type AgentToolkit, type SendResult, type TurnHooks } from './types.js';

interface ActiveRun {
  ref: RunRef;
  run: WarmAgentRun | null;
  cancelled: boolean;
  finished: Promise<void>;
}

const APPROVAL_PROMPT = 'The plan is approved. Go ahead and implement it.';

/**
 * Runs a session's backend CLI for each message: one run at a time per session, later messages
 * queued, every step broadcast, and the assistant's message persisted when the run ends.
 */
export class ChatService {
  private readonly active = new Map<string, ActiveRun>();
  /** Sessions taking their next queued message: busy, though no run is registered yet. */
  private readonly starting = new Set<string>();
  /** Sessions being deleted: their queue must not start another run. */
  private readonly closing = new Set<string>();
  private shuttingDown = false;
  private readonly namer: SessionNamer;

  constructor(
    private readonly context: ServiceContext,
    private readonly sessions: SessionsService,
    private readonly worktrees: WorktreesService,
    private readonly toolkit: AgentToolkit,
    private readonly turns: TurnHooks = NO_TURN_HOOKS,
    /** The agent processes kept warm between turns, on which every turn runs. */
    private readonly warm = new WarmHost(context),
    /** Answers the CLIs' permission questions, asking the user when policy leaves them open. */
    readonly approvals = new ApprovalBroker(context, sessions),
  ) {
    this.namer = new SessionNamer(context, sessions, toolkit);
  }

  isRunning(sessionId: string): boolean {
    return this.active.has(sessionId);
  }

  private isBusy(sessionId: string): boolean {
    return this.active.has(sessionId) || this.starting.has(sessionId);
  }

  async send(
    sessionId: string,
    content: string,
    attachments: readonly Attachment[] = [],
  ): Promise<SendResult> {
    const session = this.sessions.get(sessionId);
    this.namer.nameFrom(session, content || attachments.map((file) => file.name).join(', '));
    this.closing.delete(sessionId);
    if (this.isBusy(sessionId) || session.queue.length > 0 || this.shuttingDown) {
      const queued: QueuedMessage = {
        id: randomUUID(),
        content,
        created_at: nowSeconds(),
        ...(attachments.length > 0 ? { attachments: [...attachments] } : {}),
      };
      await this.transition(sessionId, () => ({
        type: 'enqueue',
        message: queued,
        busy: this.isBusy(sessionId),
      }));
      if (!this.isBusy(sessionId)) void this.startNextQueued(sessionId);
      return { message: null, queued, run_id: null };
    }
    const { message, runId } = await this.begin(session, content, attachments);
    return { message, queued: null, run_id: runId };
  }

  async removeQueued(sessionId: string, messageId: string): Promise<void> {
    await this.transition(sessionId, { type: 'remove-queued', messageId });
  }

  /** Stop the current run; its partial answer is kept and marked cancelled. */
  async cancel(sessionId: string): Promise<{ cancelled: boolean }> {
    this.sessions.get(sessionId);
    const active = this.active.get(sessionId);
    if (!active) return { cancelled: false };
    active.cancelled = true;
    // First, so every window drops its approval card at once; the CLI hears a deny as it stops.
    await this.approvals.cancelSession(sessionId);
    await active.run?.stop();
    await active.finished;
    return { cancelled: true };
  }

  async approvePlan(
    sessionId: string,
    mode: Exclude<ExecutionMode, 'plan'> | undefined,
  ): Promise<SendResult> {
    await this.transition(sessionId, {
      type: 'approve-plan',
      mode,
      running: this.active.has(sessionId),
    });
    return this.send(sessionId, APPROVAL_PROMPT);
  }

  /** Start each session's queued messages; after a restart, once interrupted runs are marked. */
  resumeQueues(): void {
    for (const session of this.context.store.allSessions()) {
      if (session.queue.length > 0) void this.startNextQueued(session.id);
    }
  }

  /** Stop every run and wait for each to be recorded; used when Grove quits. */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    await Promise.all([
      this.namer.stopAll(),
      ...[...this.active.keys()].map((sessionId) => this.cancel(sessionId)),
    ]);
    await this.warm.shutdown();
  }

  /** Stop a session's run before its records go (session, worktree or project deletion). */
  async stopSessions(sessionIds: readonly string[]): Promise<void> {
    for (const id of sessionIds) this.closing.add(id);
    await Promise.all(sessionIds.filter((id) => this.active.has(id)).map((id) => this.cancel(id)));
    await this.warm.releaseSessions(sessionIds);
  }

  /** Run `content` now; `queuedId` names the queue item it comes from, dequeued once saved. */
  private async begin(
    session: Session,
    content: string,
    attachments: readonly Attachment[],
    queuedId?: string,
  ): Promise<{ message: Message; runId: string }> {
    const runId = randomUUID();
    const ref: RunRef = {
      session_id: session.id,
      worktree_id: session.worktree_id,
      run_id: runId,
      message_id: randomUUID(),
    };
    let release!: () => void;
    const active: ActiveRun = {
      ref,
      run: null,
      cancelled: false,
      finished: new Promise((resolve) => (release = resolve)),
    };
    // Claimed before any await so a second message in the same tick is queued, not run twice.
    this.active.set(session.id, active);
    const message = userMessage(session.id, runId, content, attachments);
    const startedAtMs = Date.now();
    try {
      await persistMessageWith(this.context, this.sessions, message, (current) =>
        nextRunState(current, { type: 'start', queuedId: queuedId ?? null, startedAtMs }),
      );
    } catch (error) {
      this.active.delete(session.id);
      release();
      throw error;
    }
    void this.execute(active, content, attachments).finally(release);
    return { message, runId };
  }

  private async execute(
    active: ActiveRun,
    prompt: string,
    attachments: readonly Attachment[],
  ): Promise<void> {
    const { ref } = active;
    const session = this.sessions.get(ref.session_id);
    const startedAt = Date.now();
    const recorder = new RunRecorder(this.context.hub, ref);
    this.context.hub.publish('run-started', { ...ref, backend: session.backend });
    try {
      // Before the cancel check below: a cancel during the snapshot still stops the turn.
      await this.turns.beforeTurn(ref.session_id, ref.run_id);
      const executable = await this.toolkit.resolveExecutable(
        session.backend,
        this.context.store.preferences.cli_paths[session.backend],
      );
      const adapter = this.toolkit.adapterFor(session.backend);
      if (!executable) {
        recorder.error = {
          code: 'backend-not-found',
          message: `The ${session.backend} CLI was not found. Install it with: ${adapter.installHint}, or set its path in Settings.`,
        };
      } else if (!active.cancelled) {
        const worktree = this.worktrees.get(session.worktree_id);
        active.run = startTurnRun(
          { context: this.context, approvals: this.approvals, warm: this.warm },
          adapter,
          ref,
          turnRequestOf(this.context, this.toolkit, session, {
            prompt,
            attachments,
            cwd: worktree.path,
            executable,
          }),
          recorder,
        );
        const outcome = await active.run.done;
        if (outcome.spawnError && !recorder.error) {
          recorder.error = {
            code: 'backend-failed-to-start',
            message: `Could not start ${executable}: ${outcome.spawnError.message}`,
          };
        }
      }
    } catch (error) {
      recorder.error ??= { code: 'run-failed', message: (error as Error).message };
    }
    await this.turns.afterTurn(ref.session_id, ref.run_id);
    await this.finish(active, recorder, session, Date.now() - startedAt);
  }

  private async finish(
    active: ActiveRun,
    recorder: RunRecorder,
    session: Session,
    durationMs: number,
  ): Promise<void> {
    const { ref, cancelled } = active;
    // A CLI that ended while asking left its questions unanswerable.
    await this.approvals.cancelSession(ref.session_id);
    const outcome = runOutcome(recorder, { ref, cancelled, session, durationMs });
    const result = {
      backend: session.backend,
      usage: outcome.usage,
      conversationId: recorder.conversationId,
    };
    const ending: RunEvent = cancelled
      ? { type: 'cancel', result }
      : outcome.failure
        ? { type: 'fail', result }
        : { type: 'finish', result, plan: outcome.plan };
    try {
      await this.persist(outcome.message);
      await this.transition(ref.session_id, ending);
    } catch (error) {
      // The session may have been deleted while the run was stopping; nothing left to record.
      if (this.context.store.findSession(ref.session_id)) {
        // Recorded even when the run itself failed: `??=` alone would skip the status.
        const unsaved = await this.recordFailure(ref.session_id, error);
        outcome.failure ??= unsaved;
      }
    }
    const runRef = { session_id: ref.session_id, worktree_id: ref.worktree_id, run_id: ref.run_id };
    if (cancelled) this.context.hub.publish('run-cancelled', runRef);
    else if (outcome.failure)
      this.context.hub.publish('run-failed', { ...runRef, error: outcome.failure });
    else {
      const usage = outcome.usage ?? emptyUsage(durationMs);
      this.context.hub.publish('run-completed', { ...runRef, usage });
    }
    this.active.delete(ref.session_id);
    if (!this.shuttingDown) void this.startNextQueued(ref.session_id);
  }

  private async startNextQueued(sessionId: string): Promise<void> {
    const session = this.context.store.findSession(sessionId);
    const next = session?.queue[0];
    const blocked = this.isBusy(sessionId) || this.shuttingDown || this.closing.has(sessionId);
    if (!session || !next || blocked) return;
    // Claimed before the first await, so a message sent meanwhile is queued behind this one.
    this.starting.add(sessionId);
    try {
      // Dequeued in the same write that starts it: a message that cannot be saved stays queued.
      const { content, attachments = [], id } = next;
      await this.begin(this.sessions.get(sessionId), content, attachments, id);
    } catch (error) {
      this.context.log(`Grove: could not start a queued message: ${String(error)}`);
    } finally {
      this.starting.delete(sessionId);
    }
  }

  /** The run's end could not be written; never leave the session looking like it still runs. */
  private async recordFailure(sessionId: string, error: unknown): Promise<RunFailure> {
    const message = `Grove could not save the end of this run: ${(error as Error).message}`;
    this.context.log(message);
    await this.sessions
      .setRunStatus(sessionId, UNSAVED_END_STATUS)
      .catch((retry: unknown) => this.context.log(`Grove: ${String(retry)}`));
    return { code: 'record-failed', message };
  }

  private persist(message: Message): Promise<void> {
    return persistMessage(this.context, this.sessions, message);
  }

  /** Apply a run-state event; a function is asked again each time the store re-applies it. */
  private async transition(sessionId: string, event: RunEvent | (() => RunEvent)): Promise<void> {
    await this.sessions.apply(sessionId, (current) =>
      nextRunState(current, typeof event === 'function' ? event() : event),
    );
  }
}
