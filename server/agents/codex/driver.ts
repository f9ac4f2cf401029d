import { NO_TOKENS } from '../../contract/index.js';
import { GROVE_VERSION } from '../../version.js';
import {
  addModelCall,
  finishedTextPart,
  REASONING_PART_SEPARATOR,
  toolCall,
  toolResult,
  type TurnUsage,
} from './items.js';
import { McpStartup } from './mcp-startup.js';
import { CodexMcpStatus } from './mcp-status.js';
import { PendingCalls } from './pending-calls.js';
import { codexTurnRequests } from './requests.js';
import { codexApprovalAsk, codexDecision, fileChangesOf } from './approvals.js';
import type { FileUpdateChange } from './protocol/FileUpdateChange.js';
import {
  agentError,
  classifyMessage,
  exitError,
  exitedCleanly,
  unwrapJsonMessage,
  wasInterrupted,
  type ProcessExit,
} from '../shared/agent-errors.js';
import { objectAt, parseJsonLine, stringAt, type JsonObject } from '../shared/json.js';
import type {
  AgentEvent,
  ApprovalAnswer,
  StreamParser,
  TurnContext,
  TurnIO,
  TurnRequest,
} from '../shared/types.js';

/**
 * Drives one turn of `codex app-server` (JSON-RPC 2.0 without the `jsonrpc` field, one message a
 * line on stdio): `initialize` → `initialized` → `thread/start` (or `thread/resume`) →
 * `turn/start`, then maps the turn's notifications to agent events until `turn/completed`, when it
 * closes stdin and the server exits. Text and reasoning stream as deltas; finished items are
 * reported as parts (see items.ts).
 *
 * Approval requests go to the chat layer (`io.requestApproval`), and the turn waits for the answer
 * (see approvals.ts); any other request of the server gets an error at once, since one left
 * unanswered would hold the turn forever.
 */
export function createCodexDriver(
  { io, request }: TurnContext,
  exitGraceMs = CODEX_EXIT_GRACE_MS,
): StreamParser {
  return new CodexTurnDriver(io, request, exitGraceMs);
}

/** Closing stdin makes app-server exit in milliseconds; one that lingers is stopped after this. */
export const CODEX_EXIT_GRACE_MS = 5_000;

const METHOD_NOT_FOUND = -32601;

class CodexTurnDriver implements StreamParser {
  /** A request of ours that fails without its own handler fails the turn. */
  private readonly calls = new PendingCalls((message) => this.send(message));
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

  /** Set once stdin is closed: stops a server that does not exit on its own. */
  private exitTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly io: TurnIO,
    private readonly request: TurnRequest,
    private readonly exitGraceMs: number,
  ) {
    const started = request.mcp.servers.filter((server) => server.transport !== 'sse');
    this.mcpStartup = new McpStartup(started.map((server) => server.name));
    this.calls.call(
      'initialize',
      { clientInfo: { name: 'grove', title: 'Grove', version: GROVE_VERSION }, capabilities: null },
      () => {
        this.send({ method: 'initialized' });
        return this.openThread();
      },
    );
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
    if (this.exitTimer) clearTimeout(this.exitTimer);
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
    const { thread, turn } = codexTurnRequests(this.request);
    this.calls.call(thread.method, thread.params, (result) => {
      const id = stringAt(objectAt(result['thread'])?.['id']);
      if (!id) return this.fail(`Codex answered ${thread.method} without a thread id.`);
      this.threadId = id;
      this.mcpStartup.whenSettled(() =>
        this.calls.call('turn/start', { threadId: id, ...turn }, (started) => {
          this.turnId = stringAt(objectAt(started['turn'])?.['id']) ?? null;
          return [];
        }),
      );
      return [{ type: 'conversation', id }];
    });
    return [];
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
    this.closeInput();
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
    this.closeInput();
    return [turnError(message)];
  }

  /** The conversation is over: app-server should exit now; if it does not, it is stopped. */
  private closeInput(): void {
    this.io.endInput();
    if (this.exitTimer) return;
    this.exitTimer = setTimeout(() => this.io.terminate(), this.exitGraceMs);
    this.exitTimer.unref();
  }

  /** The server waits for this answer; an approval waits for the chat layer's. */
  private onServerRequest(method: string, id: unknown, params: JsonObject): void {
    const ask = codexApprovalAsk(method, params, this.fileChanges, this.request.cwd);
    if (!ask) {
      const message = `Grove does not handle ${method}.`;
      this.send({ id, error: { code: METHOD_NOT_FOUND, message } });
      return;
    }
    void this.io
      .requestApproval(ask)
      .catch((): ApprovalAnswer => ({ behavior: 'deny', message: '' }))
      .then((answer) => this.answerApproval(id, method, stringAt(params['turnId']), answer));
  }

  /**
   * Codex's decline carries no reason, so a deny's message joins the turn as the user's words
   * (`turn/steer`), sent first so the turn is still open: the model reads it with the tool's
   * "rejected by user" before it goes on.
   */
  private answerApproval(
    id: unknown,
    method: string,
    turnId: string | undefined,
    answer: ApprovalAnswer,
  ): void {
    if (this.turnDone) return;
    if (answer.behavior === 'deny' && answer.message.trim() && this.threadId && turnId) {
      const input = [{ type: 'text', text: answer.message, text_elements: [] }];
      const steer = { threadId: this.threadId, input, expectedTurnId: turnId };
      // The turn may have ended meanwhile; the decline stands without the message.
      this.calls.call(
        'turn/steer',
        steer,
        () => [],
        () => [],
      );
    }
    this.send({ id, result: codexDecision(method, answer) });
  }

  private send(message: JsonObject): void {
    this.io.write(JSON.stringify(message));
  }
}

function delta(kind: 'text' | 'thinking', text: unknown): AgentEvent[] {
  return typeof text === 'string' && text !== '' ? [{ type: 'delta', kind, text }] : [];
}

/** Codex passes the provider's error body through; its message is what the user must read. */
function turnError(reason: string): AgentEvent {
  const message = unwrapJsonMessage(reason);
  return agentError(classifyMessage(message) ?? 'api-error', message);
}
