import {
  agentError,
  classifyMessage,
  exitError,
  exitedCleanly,
  type ProcessExit,
} from '../shared/agent-errors.js';
import type { JsonObject } from '../shared/json.js';
import { ServeClient, ServeHttpError, ServeTimeoutError } from './client.js';
import type { PermissionRequest } from '@opencode-ai/sdk/v2/types';
import { opencodeApprovalAsk, permissionReply } from './approvals.js';
import { opencodePromptParts } from './attachments.js';
import { OpencodeTurnEvents } from './events.js';
import { opencodeMcpStatus } from './mcp-status.js';
import { MODE_AGENT, type SessionModes } from './session-modes.js';
import type { AgentEvent, ApprovalAnswer, TurnIO, TurnRequest } from '../shared/types.js';

const MAX_RESUBSCRIBES = 3;

/** How long the driver waits on the server before deciding for it. */
export interface ServeTimeouts {
  /** Each HTTP request but the event stream's body. */
  requestMs: number;
  /** From `session.error` to the idle that should follow it (OpenCode may fail before busy). */
  errorIdleMs: number;
  /** Until the session is seen working, how often storage is asked how the prompt is doing. */
  busyCheckMs: number;
  /** From losing contact to the server's exit, which explains a crash better. */
  exitMs: number;
}

export const SERVE_TIMEOUTS: ServeTimeouts = {
  requestMs: 30_000,
  errorIdleMs: 2_000,
  busyCheckMs: 10_000,
  exitMs: 2_000,
};

/** One prompt in flight, for the checks that run beside the event stream. */
interface ActiveTurn {
  client: ServeClient;
  events: OpencodeTurnEvents;
  sessionId: string;
  promptedAt: number;
}

/** What a turn needs of the server it runs on (warm-serve.ts). */
export interface ServeAccess {
  readonly password: string;
  /** Which mode's permission rules each of the server's sessions carries. */
  readonly modes: SessionModes;
}

/**
 * Drives one turn through a running `opencode serve`: open the SSE stream, create (or resume) the
 * session with the mode's permission rules, send the prompt, and report what the stream says
 * until the session is idle. The mapping lives in `OpencodeTurnEvents`. When the stream cannot
 * tell (it closed, or the session never went busy), the session's stored messages decide whether
 * the turn is over.
 */
export class OpencodeServeDriver {
  /** The turn is over on our side (idle, or a failure already reported): the exit is expected. */
  private ended = false;
  /** Contact with the server was lost; its exit, if it comes soon, tells why. */
  private lostContact: AgentEvent | null = null;
  private readonly stop = new AbortController();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly io: TurnIO,
    private readonly request: TurnRequest,
    private readonly variant: string | null,
    private readonly serve: ServeAccess,
    private readonly timeouts: ServeTimeouts = SERVE_TIMEOUTS,
  ) {}

  /** Drives the turn through the server at `url` (on this machine: warm-serve.ts checks). */
  connect(url: string): void {
    const { cwd } = this.request;
    void this.drive(
      new ServeClient(url, this.serve.password, cwd, this.stop.signal, this.timeouts.requestMs),
    );
  }

  /** Gives up on the turn now: requests in flight are dropped and nothing more is reported. */
  abandon(): void {
    this.end([]);
  }

  finish(exit: ProcessExit): AgentEvent[] {
    this.stop.abort();
    this.clearTimers();
    if (this.ended) return [];
    this.ended = true;
    if (!exitedCleanly(exit)) return exitError(exit);
    return [
      this.lostContact ?? agentError('cli-crashed', 'OpenCode exited before the turn finished.'),
    ];
  }

  private async drive(client: ServeClient): Promise<void> {
    try {
      let stream = await client.events();
      const sessionId = await this.openSession(client);
      this.io.emit([{ type: 'conversation', id: sessionId }]);
      const events = new OpencodeTurnEvents(sessionId);
      const turn: ActiveTurn = { client, events, sessionId, promptedAt: Date.now() };
      await client.prompt(sessionId, this.promptBody());
      // Without an answer the menu keeps what it knew; the turn does not depend on it.
      void client.mcpStatus().then(
        (answer) => this.io.emit(opencodeMcpStatus(answer)),
        () => undefined,
      );
      this.watchUntilWorking(turn);
      for (let resubscribed = 0; ; resubscribed++) {
        for await (const event of stream) {
          this.io.record(JSON.stringify(event));
          const step = events.handle(event);
          this.io.emit(step.events);
          if (step.permission) this.askPermission(client, step.permission);
          if (step.idle) return this.end([]);
          // OpenCode can fail a prompt before it goes busy, and then no idle follows.
          if (step.failed) this.after(this.timeouts.errorIdleMs, () => this.end([]));
        }
        if (this.stop.signal.aborted) return;
        // 1.18.33 ends `/event` when the worktree's instance is disposed (it halts on
        // `server.instance.disposed`; seen early in a turn under load). The session is stored:
        // subscribe again, and unless it is working, let its messages tell whether it is done.
        if (resubscribed === MAX_RESUBSCRIBES) {
          return this.end([agentError('cli-crashed', 'OpenCode kept closing its event stream.')]);
        }
        stream = await client.events();
        if (await this.settleFromStorage(turn)) return;
      }
    } catch (error) {
      this.onFailure(error);
    }
  }

  /** The turn's session, new, forked or resumed, with the rules of the turn's mode. */
  private async openSession(client: ServeClient): Promise<string> {
    const { resumeId, forkFrom, forkAt, mode } = this.request;
    const { modes } = this.serve;
    const existing =
      resumeId ?? (forkFrom ? await client.forkSession(forkFrom, forkAt ?? null) : null);
    if (!existing) return modes.create(client, mode);
    await modes.apply(client, existing, mode);
    return existing;
  }

  /**
   * The session waits (busy, sending nothing) until the chat layer answers. An answer that comes
   * after the turn ended finds the server gone or the request settled; it is dropped.
   */
  private askPermission(client: ServeClient, request: PermissionRequest): void {
    void this.io
      .requestApproval(opencodeApprovalAsk(request, this.request.cwd))
      .catch((): ApprovalAnswer => ({ behavior: 'deny', message: '' }))
      .then((answer) => client.answer({ requestId: request.id, body: permissionReply(answer) }))
      .catch(() => undefined);
  }

  /** Until the stream shows the session working, ask storage now and then how the prompt is doing. */
  private watchUntilWorking(turn: ActiveTurn): void {
    this.after(this.timeouts.busyCheckMs, () => {
      if (turn.events.working) return;
      this.settleFromStorage(turn).then(
        (done) => done || this.watchUntilWorking(turn),
        (error: unknown) => this.onFailure(error),
      );
    });
  }

  /** Ends the turn if the session is idle with its answer (or error) stored; true if it did. */
  private async settleFromStorage(turn: ActiveTurn): Promise<boolean> {
    if (await turn.client.isBusy(turn.sessionId)) {
      turn.events.markBusy();
      return false;
    }
    const messages = await turn.client.assistantMessagesSince(turn.sessionId, turn.promptedAt);
    const { events, done } = turn.events.catchUp(messages);
    if (done) this.end(events);
    return done;
  }

  private onFailure(error: unknown): void {
    // Aborted: the turn ended already, or the server is gone and finish() reports the exit.
    if (this.stop.signal.aborted || this.lostContact) return;
    const event = failureEvent(error);
    // The server answered, so it is alive: its answer is the error.
    if (error instanceof ServeHttpError) return this.end([event]);
    // A failed connection is often a crash whose exit (and stderr) is about to explain it.
    this.lostContact = event;
    this.clearTimers();
    this.after(this.timeouts.exitMs, () => this.end([event]));
  }

  private promptBody(): JsonObject {
    const [providerID = '', ...rest] = this.request.model.split('/');
    return {
      parts: opencodePromptParts(this.request),
      model: { providerID, modelID: rest.join('/') },
      agent: MODE_AGENT[this.request.mode],
      ...(this.variant ? { variant: this.variant } : {}),
    };
  }

  private end(events: AgentEvent[]): void {
    if (this.ended) return;
    this.ended = true;
    this.clearTimers();
    this.io.emit(events);
    this.stop.abort();
    this.io.terminate();
  }

  private after(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private clearTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

function failureEvent(error: unknown): AgentEvent {
  if (error instanceof ServeHttpError) {
    // Grove's own basic auth failed against its own server: nothing the user's login can fix.
    if (error.status === 401 || error.status === 403) {
      const message = `Grove could not authenticate to the OpenCode server it started (HTTP ${error.status}).`;
      return agentError('cli-crashed', message);
    }
    return agentError(classifyMessage(error.message) ?? 'api-error', error.message);
  }
  if (error instanceof ServeTimeoutError) return agentError('cli-crashed', error.message);
  // fetch says only "fetch failed"; the reason (ECONNREFUSED, a reset) is its cause.
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : '';
  const message =
    (error instanceof Error ? error.message : String(error)) + (cause ? ` (${cause})` : '');
  return agentError('cli-crashed', `Lost contact with OpenCode: ${message}`);
}
