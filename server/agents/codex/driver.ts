import { NO_TOKENS } from '../../contract/index.js';
import { GROVE_VERSION } from '../../version.js';
import {
  addModelCall,
  delta,
  finishedTextPart,
  REASONING_PART_SEPARATOR,
  toolCall,
  toolResult,
  turnError,
  type TurnUsage,
} from './items.js';
import { McpStartup } from './mcp-startup.js';
import { CodexMcpStatus } from './mcp-status.js';
import { PendingCalls } from './pending-calls.js';
import { codexTurnRequests, type CodexTurnRequests } from './requests.js';
import { fileChangesOf } from './approvals.js';
import { answerServerRequest } from './server-requests.js';
import type { FileUpdateChange } from './protocol/FileUpdateChange.js';
import {
  agentError,
  exitError,
  exitedCleanly,
  wasInterrupted,
  type ProcessExit,
} from '../shared/agent-errors.js';
import { objectAt, parseJsonLine, stringAt, type JsonObject } from '../shared/json.js';
import type { AgentEvent, StreamParser, TurnIO, TurnRequest } from '../shared/types.js';

/** What a kept app-server knows from its earlier turns (see warm-turn.ts). */
export interface CodexProcessState {
  initialized: boolean;
  /** The thread it has loaded: a turn of that thread starts on it without `thread/resume`. */
  thread: string | null;
  /** JSON-RPC ids, unique across the process's turns. */
  readonly ids: { next: number };
}

/** What a new app-server knows: nothing yet. */
export function newCodexProcessState(): CodexProcessState {
  return { initialized: false, thread: null, ids: { next: 1 } };
}

/**
 * Drives one turn of `codex app-server` (JSON-RPC 2.0 without the `jsonrpc` field, one message a
 * line on stdio), on a server kept between turns (warm-turn.ts): `initialize` → `initialized` →
 * `thread/start` (or `thread/resume`) → `turn/start`, skipping what the server has done already,
 * then maps the turn's notifications to agent events until `turn/completed`; the server stays for
 * the next turn. Text and reasoning stream as deltas; finished items are reported as parts (see
 * items.ts).
 *
 * Approval requests go to the chat layer (`io.requestApproval`), and the turn waits for the answer
 * (see approvals.ts); any other request of the server gets an error at once, since one left
 * unanswered would hold the turn forever.
 */
export class CodexTurnDriver implements StreamParser {
  /** A request of ours that fails without its own handler fails the turn. */
  private readonly calls: PendingCalls;
  private readonly requests: CodexTurnRequests;
  private threadId: string | null = null;
  /** Known once `turn/start` is answered, which comes before any of the turn's items. */
  private turnId: string | null = null;
  private turnDone = false;
  private errorReported = false;
  /** The last `error` notification that was not followed by a retry. */
  private lastError: string | null = null;
  private readonly announcedTools = new Set<string>();
  /** The patches of started `fileChange` items: their approval requests name only the item. */
  private readonly fileChanges = new Map<string, FileUpdateChange[]>();
  /** `last` of every `thread/tokenUsage/updated`, summed per turn id. */
  private readonly usageByTurn = new Map<string, TurnUsage>();
  /** Holds `turn/start` until the session's MCP servers are up (Codex does not wait for them). */
  private readonly mcpStartup: McpStartup;
  private readonly mcpStatus = new CodexMcpStatus();

  constructor(
    private readonly io: TurnIO,
    private readonly request: TurnRequest,
    private readonly kept: CodexProcessState,
  ) {
    this.calls = new PendingCalls((message) => this.send(message), kept.ids);
    this.requests = codexTurnRequests(request);
    const loaded = kept.initialized && !!request.resumeId && kept.thread === request.resumeId;
    // A loaded thread's MCP servers were started with it, by the same config.
    const started = loaded
      ? []
      : request.mcp.servers.filter((server) => server.transport !== 'sse');
    this.mcpStartup = new McpStartup(started.map((server) => server.name));
    if (loaded && request.resumeId) this.startTurn(request.resumeId);
    else if (kept.initialized) this.openThread();
    else
      this.calls.call(
        'initialize',
        {
          clientInfo: { name: 'grove', title: 'Grove', version: GROVE_VERSION },
          capabilities: null,
        },
        () => {
          kept.initialized = true;
          this.send({ method: 'initialized' });
          return this.openThread();
        },
      );
  }

  /** `turn/completed` arrived (whatever its status): the thread is idle again. */
  get completed(): boolean {
    return this.turnDone;
  }

  /** The turn is over: completed, failed or interrupted, or a request of ours failed. */
  get over(): boolean {
    return this.turnDone || this.errorReported;
  }

  /** Asks app-server to stop the running turn; false when there is none to name yet. */
  interrupt(): boolean {
    if (this.turnDone || !this.threadId || !this.turnId) return false;
    const params = { threadId: this.threadId, turnId: this.turnId };
    this.calls.call(
      'turn/interrupt',
      params,
      () => [],
      () => [],
    );
    return true;
  }

  line(text: string): AgentEvent[] {
    const message = parseJsonLine(text);
    if (!message) return [];
    const method = stringAt(message['method']);
    if (method !== undefined && 'id' in message) {
      this.onServerRequest(method, message['id'], objectAt(message['params']) ?? {});
      return [];
    }
    if (method !== undefined) return this.onNotification(method, objectAt(message['params']));
    return this.calls.settle(message, (method, reason) => this.fail(`${method} failed: ${reason}`));
  }

  finish(exit: ProcessExit): AgentEvent[] {
    // After turn/completed the answer is whole; how the server then exits changes nothing.
    if (this.errorReported || this.turnDone) return [];
    if (this.lastError && !wasInterrupted(exit)) return [turnError(this.lastError)];
    // app-server exits 0 on SIGTERM too (a cancel is told apart by the run, not here), and its
    // stderr is a log that explains nothing then.
    if (exitedCleanly(exit))
      return [agentError('cli-crashed', 'Codex exited before the turn finished.')];
    return exitError(exit);
  }

  private openThread(): AgentEvent[] {
    const { thread } = this.requests;
    this.calls.call(thread.method, thread.params, (result) => {
      const id = stringAt(objectAt(result['thread'])?.['id']);
      if (!id) return this.fail(`Codex answered ${thread.method} without a thread id.`);
      this.kept.thread = id;
      this.startTurn(id);
      return [{ type: 'conversation', id }];
    });
    return [];
  }

  private startTurn(threadId: string): void {
    this.threadId = threadId;
    const { turn } = this.requests;
    this.mcpStartup.whenSettled(() =>
      this.calls.call('turn/start', { threadId, ...turn }, (started) => {
        this.turnId = stringAt(objectAt(started['turn'])?.['id']) ?? null;
        // Where this answer ends in the thread: a fork from it goes through this turn.
        return this.turnId ? [{ type: 'cli-message', id: this.turnId }] : [];
      }),
    );
  }

  private onNotification(method: string, params: JsonObject | undefined): AgentEvent[] {
    if (!params) return [];
    switch (method) {
      case 'mcpServer/startupStatus/updated':
        this.mcpStartup.update(stringAt(params['name']) ?? '', stringAt(params['status']) ?? '');
        return this.mcpStatus.update(params);
      case 'item/agentMessage/delta':
        return delta('text', params['delta']);
      case 'item/reasoning/summaryPartAdded':
        // A new summary paragraph: separate it from the previous one, as the finished part does.
        return Number(params['summaryIndex']) > 0
          ? delta('thinking', REASONING_PART_SEPARATOR)
          : [];
      case 'item/reasoning/summaryTextDelta':
        return delta('thinking', params['delta']);
      case 'item/started': {
        const item = objectAt(params['item']);
        const id = stringAt(item?.['id']);
        if (item && id && item['type'] === 'fileChange')
          this.fileChanges.set(id, fileChangesOf(item));
        return this.announceTool(item);
      }
      case 'item/completed':
        return this.onItemCompleted(objectAt(params['item']));
      case 'thread/tokenUsage/updated':
        this.addUsage(params);
        return [];
      case 'error': {
        const message = stringAt(objectAt(params['error'])?.['message']);
        // A retry notice ("Reconnecting... 2/5") is not the final word.
        if (message && params['willRetry'] !== true) this.lastError = message;
        return [];
      }
      case 'turn/completed':
        return this.onTurnCompleted(objectAt(params['turn']));
      default:
        return [];
    }
  }

  private announceTool(item: JsonObject | undefined): AgentEvent[] {
    const id = stringAt(item?.['id']);
    const call = item && toolCall(item);
    if (!id || !call || this.announcedTools.has(id)) return [];
    this.announcedTools.add(id);
    return [{ type: 'part', part: { type: 'tool_use', id, name: call.name, input: call.input } }];
  }

  private onItemCompleted(item: JsonObject | undefined): AgentEvent[] {
    const id = stringAt(item?.['id']);
    if (!item || !id) return [];
    const textPart = finishedTextPart(item);
    if (textPart) return [{ type: 'part', part: textPart }];
    const result = toolResult(item);
    if (!result) return [];
    // An item may complete without having been started (a quick file change).
    return [
      ...this.announceTool(item),
      { type: 'part', part: { type: 'tool_result', tool_use_id: id, ...result } },
    ];
  }

  private addUsage(params: JsonObject): void {
    const turnId = stringAt(params['turnId']);
    const lastCall = objectAt(objectAt(params['tokenUsage'])?.['last']);
    if (!turnId || !lastCall) return;
    this.usageByTurn.set(turnId, addModelCall(this.usageByTurn.get(turnId) ?? NO_TOKENS, lastCall));
  }

  private onTurnCompleted(turn: JsonObject | undefined): AgentEvent[] {
    const id = stringAt(turn?.['id']);
    if (this.turnId && id !== this.turnId) return [];
    this.turnDone = true;
    const usage = this.usageByTurn.get(id ?? '');
    const out: AgentEvent[] = [];
    const status = turn?.['status'];
    if (status === 'completed' || usage) out.push({ type: 'usage', usage: usage ?? NO_TOKENS });
    if (status === 'failed') {
      const reason = stringAt(objectAt(turn?.['error'])?.['message']) ?? this.lastError;
      this.errorReported = true;
      out.push(turnError(reason ?? 'The Codex turn failed.'));
    } else if (status === 'interrupted') {
      this.errorReported = true;
      out.push(agentError('cancelled', 'The Codex turn was interrupted.'));
    }
    return out;
  }

  /** A request of ours failed: the turn cannot go on. */
  private fail(message: string): AgentEvent[] {
    this.errorReported = true;
    return [turnError(message)];
  }

  /** The server waits for this answer; an approval waits for the chat layer's. */
  private onServerRequest(method: string, id: unknown, params: JsonObject): void {
    answerServerRequest(
      {
        io: this.io,
        cwd: this.request.cwd,
        fileChanges: this.fileChanges,
        calls: this.calls,
        send: (message) => this.send(message),
        threadId: () => this.threadId,
        turnOver: () => this.turnDone,
      },
      { method, id, params },
    );
  }

  private send(message: JsonObject): void {
    this.io.write(JSON.stringify(message));
  }
}
