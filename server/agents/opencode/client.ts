import { fetchOnFreshConnection } from './fresh-connection-fetch.js';
import {
  arrayAt,
  finiteNumberAt,
  isObject,
  objectAt,
  parseJsonLine,
  stringAt,
  type JsonObject,
} from '../shared/json.js';
import type { PermissionRule } from '@opencode-ai/sdk/v2/types';
import type { PermissionAnswer } from './approvals.js';

export const SERVER_USERNAME = 'opencode';

/** An HTTP answer other than success, with OpenCode's own message (`{name, data:{message}}`). */
export class ServeHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A request the server did not answer in time: it is alive but stuck, or gone. */
export class ServeTimeoutError extends Error {}

/** An assistant message of the session (`GET /session/:id/message`): its `info` and parts. */
export interface StoredMessage {
  info: JsonObject;
  parts: JsonObject[];
}

/** The few routes of the OpenCode server a turn needs, scoped to the worktree. */
export class ServeClient {
  private readonly authorization: string;

  constructor(
    private readonly baseUrl: string,
    password: string,
    private readonly directory: string,
    private readonly signal: AbortSignal,
    /** Every request but the event stream's body must be answered within this. */
    private readonly requestTimeoutMs: number,
  ) {
    const credentials = Buffer.from(`${SERVER_USERNAME}:${password}`).toString('base64');
    this.authorization = `Basic ${credentials}`;
  }

  /** Subscribes before the prompt is sent, so no event of the turn is missed. */
  async events(): Promise<AsyncGenerator<JsonObject>> {
    // Only the headers are timed: the stream itself lasts the whole turn.
    const body = await this.send('GET', '/event', undefined, async (response) => response.body);
    if (!body) throw new ServeHttpError(200, 'The event stream has no body.');
    return sseEvents(body);
  }

  /** A new session with these permission rules (session-modes.ts). */
  async createSession(permission: PermissionRule[]): Promise<string> {
    const created = await this.sendForJson('POST', '/session', { permission });
    const id = stringAt(objectAt(created)?.['id']);
    if (!id) throw new ServeHttpError(200, 'OpenCode created a session without an id.');
    return id;
  }

  /** Appends `permission` to the session's rules; they apply from its next prompt. */
  async setPermission(sessionId: string, permission: PermissionRule[]): Promise<void> {
    await this.send('PATCH', `/session/${encodeURIComponent(sessionId)}`, { permission });
  }

  /** The agent's own rules, with the user's config for this worktree in them (`GET /agent`). */
  async agentPermission(agent: string): Promise<PermissionRule[]> {
    const agents = arrayAt(await this.sendForJson('GET', '/agent'));
    const found = agents.map(objectAt).find((item) => item?.['name'] === agent);
    return arrayAt(found?.['permission']).filter(isPermissionRule);
  }

  /**
   * `POST /session/:id/fork`: a new session with `sessionId`'s messages, all of them or those up
   * to and including `through`. OpenCode copies the messages before the `messageID` it is given
   * (an unknown one copies them all), so that is the message after `through`.
   */
  async forkSession(sessionId: string, through: string | null): Promise<string> {
    const before = through ? await this.messageAfter(sessionId, through) : null;
    const body = before ? { messageID: before } : {};
    const route = `/session/${encodeURIComponent(sessionId)}/fork`;
    const forked = await this.sendForJson('POST', route, body);
    const id = stringAt(objectAt(forked)?.['id']);
    if (!id) throw new ServeHttpError(200, 'OpenCode forked a session without an id.');
    return id;
  }

  /** The id of the session's message after `messageId`, or null when it is the last. */
  private async messageAfter(sessionId: string, messageId: string): Promise<string | null> {
    const ids = (await this.messages(sessionId)).map(({ info }) => stringAt(info['id']));
    const at = ids.indexOf(messageId);
    // Forking it all would show the model the turns after the cut, which a fork leaves out.
    if (at < 0) {
      throw new ServeHttpError(
        409,
        "OpenCode's conversation no longer holds the answer this fork was taken at, so it cannot be cut there.",
      );
    }
    return ids[at + 1] ?? null;
  }

  /** Answers 204 at once; the turn itself comes over the event stream. */
  async prompt(sessionId: string, body: JsonObject): Promise<void> {
    await this.send('POST', `/session/${encodeURIComponent(sessionId)}/prompt_async`, body);
  }

  /** `GET /session/status` lists the sessions that are working, by id. */
  async isBusy(sessionId: string): Promise<boolean> {
    const statuses = objectAt(await this.sendForJson('GET', '/session/status'));
    const status = objectAt(statuses?.[sessionId])?.['type'];
    return status === 'busy' || status === 'retry';
  }

  /** The assistant messages created since `since` (epoch ms), oldest first. */
  async assistantMessagesSince(sessionId: string, since: number): Promise<StoredMessage[]> {
    return (await this.messages(sessionId)).filter(({ info }) => {
      const created = finiteNumberAt(objectAt(info['time'])?.['created']) ?? 0;
      return info['role'] === 'assistant' && created >= since;
    });
  }

  /** The session's messages (`GET /session/:id/message`), oldest first. */
  private async messages(sessionId: string): Promise<StoredMessage[]> {
    const route = `/session/${encodeURIComponent(sessionId)}/message`;
    return arrayAt(await this.sendForJson('GET', route)).flatMap((message) => {
      const info = objectAt(objectAt(message)?.['info']);
      return info ? [{ info, parts: arrayAt(objectAt(message)?.['parts']).filter(isObject) }] : [];
    });
  }

  /** Each MCP server's state (`GET /mcp`), for the session's MCP menu. */
  mcpStatus(): Promise<unknown> {
    return this.sendForJson('GET', '/mcp');
  }

  async answer({ requestId, body }: PermissionAnswer): Promise<void> {
    await this.send('POST', `/permission/${encodeURIComponent(requestId)}/reply`, body);
  }

  private sendForJson(method: string, route: string, body?: JsonObject): Promise<unknown> {
    return this.send(method, route, body, (response) => response.json());
  }

  /**
   * One request, timed until `read` has what it needs from the answer. A body nobody reads is
   * cancelled, so its connection closes now rather than when the turn ends.
   */
  private async send<T = undefined>(
    method: string,
    route: string,
    body?: JsonObject,
    read?: (response: Response) => Promise<T>,
  ): Promise<T> {
    const url = `${this.baseUrl}${route}?directory=${encodeURIComponent(this.directory)}`;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), this.requestTimeoutMs);
    timer.unref();
    try {
      const response = await fetchOnFreshConnection(url, {
        method,
        signal: AbortSignal.any([this.signal, timeout.signal]),
        headers: {
          authorization: this.authorization,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      if (!response.ok) throw await httpError(response);
      if (read) return await read(response);
      await response.body?.cancel();
      return undefined as T;
    } catch (error) {
      if (timeout.signal.aborted && !this.signal.aborted) {
        const seconds = this.requestTimeoutMs / 1000;
        throw new ServeTimeoutError(
          `OpenCode did not answer ${method} ${route} within ${seconds} s.`,
        );
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}

function isPermissionRule(value: unknown): value is PermissionRule {
  const item = objectAt(value);
  return (
    typeof item?.['permission'] === 'string' &&
    typeof item['pattern'] === 'string' &&
    ['allow', 'ask', 'deny'].includes(String(item['action']))
  );
}

async function httpError(response: Response): Promise<ServeHttpError> {
  const text = await response.text();
  const parsed = parseJsonLine(text);
  const message =
    stringAt(objectAt(parsed?.['data'])?.['message']) ?? (text || response.statusText);
  return new ServeHttpError(response.status, message);
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
