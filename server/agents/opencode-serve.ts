import type { ExecutionMode } from '../contract/index.js';
import {
  agentError,
  classifyMessage,
  exitError,
  exitedCleanly,
  type ProcessExit,
} from './errors.js';
import {
  arrayAt,
  finiteNumberAt,
  isObject,
  objectAt,
  parseJsonLine,
  stringAt,
  type JsonObject,
} from './json.js';
import { OpencodeTurnEvents, type PermissionAnswer } from './opencode-events.js';
import type { AgentEvent, StreamParser, TurnIO, TurnRequest } from './types.js';
import { fetchOnFreshConnection } from './fresh-connection-fetch.js';

/** What `opencode serve` prints once it accepts requests, with the port it really took. */
const LISTENING = /opencode server listening on (https?:\/\/\S+)/;
export const SERVER_USERNAME = 'opencode';

/**
 * `opencode run` denies these in a new session because nobody is there to answer them; Grove's
 * turns are just as unattended. Kept by the session, so a resumed session still has them.
 */
const UNATTENDED_RULES = ['question', 'plan_enter', 'plan_exit'].map((permission) => ({
  permission,
  pattern: '*',
  action: 'deny',
}));

const MAX_RESUBSCRIBES = 3;
const AGENT: Record<ExecutionMode, string> = { plan: 'plan', build: 'build', yolo: 'build' };

/**
 * Drives one turn through the `opencode serve` this run started: once stdout names its URL, open
 * the SSE stream, create (or resume) the session, send the prompt, and report what the stream
 * says until the session is idle; then end the server. The mapping lives in `OpencodeTurnEvents`.
 */
export class OpencodeServeDriver implements StreamParser {
  private started = false;
  /** The turn is over on our side (idle, or a failure already reported): the exit is expected. */
  private ended = false;
  private readonly stop = new AbortController();

  constructor(
    private readonly io: TurnIO,
    private readonly request: TurnRequest,
    private readonly variant: string | null,
    private readonly password: string,
  ) {}

  line(text: string): AgentEvent[] {
    const url = this.started ? undefined : LISTENING.exec(text)?.[1];
    if (url) {
      this.started = true;
      void this.drive(new ServeClient(url, this.password, this.request.cwd, this.stop.signal));
    }
    return [];
  }

  finish(exit: ProcessExit): AgentEvent[] {
    this.stop.abort();
    if (this.ended) return [];
    if (!exitedCleanly(exit)) return exitError(exit);
    return [agentError('cli-crashed', 'OpenCode exited before the turn finished.')];
  }

  private async drive(client: ServeClient): Promise<void> {
    try {
      let events = await client.events();
      const sessionId = this.request.resumeId ?? (await client.createSession());
      this.io.emit([{ type: 'conversation', id: sessionId }]);
      const turn = new OpencodeTurnEvents(sessionId, this.request.mode);
      const promptedAt = Date.now();
      await client.prompt(sessionId, this.promptBody());
      for (let resubscribed = 0; ; resubscribed++) {
        for await (const event of events) {
          this.io.record(JSON.stringify(event));
          const step = turn.handle(event);
          this.io.emit(step.events);
          if (step.answer) void client.answer(step.answer).catch(() => undefined);
          if (step.idle) return this.end([]);
        }
        if (this.stop.signal.aborted) return;
        // 1.18.33 ends `/event` when the worktree's instance is disposed (it halts on
        // `server.instance.disposed`; seen early in a turn under load). The session is stored:
        // subscribe again, and if it is no longer busy, catch up on its parts from storage.
        if (resubscribed === MAX_RESUBSCRIBES) {
          return this.end([agentError('cli-crashed', 'OpenCode kept closing its event stream.')]);
        }
        events = await client.events();
        if (await client.isBusy(sessionId)) continue;
        for (const part of await client.partsSince(sessionId, promptedAt)) {
          this.io.emit(turn.handle({ type: 'message.part.updated', properties: { part } }).events);
        }
        return this.end([]);
      }
    } catch (error) {
      // Aborted: the server is gone (a cancel, a crash), and finish() reports the exit.
      if (!this.stop.signal.aborted) this.end([failureEvent(error)]);
    }
  }

  private promptBody(): JsonObject {
    const [providerID = '', ...rest] = this.request.model.split('/');
    return {
      parts: [{ type: 'text', text: this.request.prompt }],
      model: { providerID, modelID: rest.join('/') },
      agent: AGENT[this.request.mode],
      ...(this.variant ? { variant: this.variant } : {}),
    };
  }

  private end(events: AgentEvent[]): void {
    this.ended = true;
    this.io.emit(events);
    this.stop.abort();
    this.io.terminate();
  }
}

/** An HTTP answer other than success, with OpenCode's own message (`{name, data:{message}}`). */
class ServeHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function failureEvent(error: unknown): AgentEvent {
  // fetch says only "fetch failed"; the reason (ECONNREFUSED, a reset) is its cause.
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : '';
  const message =
    (error instanceof Error ? error.message : String(error)) + (cause ? ` (${cause})` : '');
  if (error instanceof ServeHttpError) {
    return agentError(classifyMessage(message) ?? 'api-error', message);
  }
  return agentError('cli-crashed', `Lost contact with OpenCode: ${message}`);
}

/** The few routes of the OpenCode server a turn needs, scoped to the worktree. */
class ServeClient {
  private readonly authorization: string;

  constructor(
    private readonly baseUrl: string,
    password: string,
    private readonly directory: string,
    private readonly signal: AbortSignal,
  ) {
    const credentials = Buffer.from(`${SERVER_USERNAME}:${password}`).toString('base64');
    this.authorization = `Basic ${credentials}`;
  }

  /** Subscribes before the prompt is sent, so no event of the turn is missed. */
  async events(): Promise<AsyncGenerator<JsonObject>> {
    const response = await this.send('GET', '/event');
    if (!response.body) throw new ServeHttpError(response.status, 'The event stream has no body.');
    return sseEvents(response.body);
  }

  async createSession(): Promise<string> {
    const response = await this.send('POST', '/session', { permission: UNATTENDED_RULES });
    const id = stringAt(objectAt(await response.json())?.['id']);
    if (!id) throw new ServeHttpError(response.status, 'OpenCode created a session without an id.');
    return id;
  }

  /** Answers 204 at once; the turn itself comes over the event stream. */
  async prompt(sessionId: string, body: JsonObject): Promise<void> {
    await this.send('POST', `/session/${encodeURIComponent(sessionId)}/prompt_async`, body);
  }

  /** `GET /session/status` lists the sessions that are working, by id. */
  async isBusy(sessionId: string): Promise<boolean> {
    const statuses = objectAt(await (await this.send('GET', '/session/status')).json());
    const status = objectAt(statuses?.[sessionId])?.['type'];
    return status === 'busy' || status === 'retry';
  }

  /** The parts of the assistant messages written since `since` (epoch ms), oldest first. */
  async partsSince(sessionId: string, since: number): Promise<JsonObject[]> {
    const route = `/session/${encodeURIComponent(sessionId)}/message`;
    const messages = arrayAt(await (await this.send('GET', route)).json());
    return messages.flatMap((message) => {
      const info = objectAt(objectAt(message)?.['info']);
      const created = finiteNumberAt(objectAt(info?.['time'])?.['created']) ?? 0;
      if (info?.['role'] !== 'assistant' || created < since) return [];
      return arrayAt(objectAt(message)?.['parts']).filter(isObject);
    });
  }

  async answer({ requestId, body }: PermissionAnswer): Promise<void> {
    await this.send('POST', `/permission/${encodeURIComponent(requestId)}/reply`, body);
  }

  private async send(method: string, route: string, body?: JsonObject): Promise<Response> {
    const url = `${this.baseUrl}${route}?directory=${encodeURIComponent(this.directory)}`;
    const response = await fetchOnFreshConnection(url, {
      method,
      signal: this.signal,
      headers: {
        authorization: this.authorization,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (response.ok) return response;
    const text = await response.text();
    const parsed = parseJsonLine(text);
    const message =
      stringAt(objectAt(parsed?.['data'])?.['message']) ?? (text || response.statusText);
    throw new ServeHttpError(response.status, message);
  }
}

/**
 * The `data:` payloads of a server-sent event stream. OpenCode sends each event as one
 * `data: {json}` line and a blank line, without `event:` or `id:` fields.
 */
export async function* sseEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<JsonObject> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  let data: string[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffered += decoder.decode(value, { stream: true });
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline).replace(/\r$/, '');
      buffered = buffered.slice(newline + 1);
      if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      else if (line === '' && data.length > 0) {
        const event = parseJsonLine(data.join('\n'));
        data = [];
        if (event) yield event;
      }
    }
  }
}
