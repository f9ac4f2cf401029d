import type { Usage } from '../contract/index.js';
import {
  agentError,
  classifyMessage,
  codeForHttpStatus,
  exitError,
  exitedCleanly,
  type AgentErrorCode,
  type ProcessExit,
} from './errors.js';
import {
  displayText,
  finiteNumberAt,
  objectAt,
  parseJsonLine,
  roundCost,
  stringAt,
  tokenCount,
  type JsonObject,
} from './json.js';
import type { AgentEvent, StreamParser } from './types.js';

/**
 * Parses `opencode run --format json`. Parts arrive only once finished (no deltas): `text`,
 * `reasoning` (with `--thinking`), and `tool_use` once the tool has completed or failed, which
 * gives both the tool_use and its tool_result. Usage is per step (`step_finish`); each `usage`
 * event carries the running total for the turn. 1.18.33 writes no final line; a newer `done` line
 * is ignored like any unknown type.
 */
export function createOpencodeParser(): StreamParser {
  return new OpencodeStreamParser();
}

type TurnUsage = Omit<Usage, 'duration_ms'>;

class OpencodeStreamParser implements StreamParser {
  private conversationId: string | null = null;
  private errorReported = false;
  private usage: TurnUsage | null = null;
  private readonly announcedTools = new Set<string>();
  private readonly finishedTools = new Set<string>();
  /**
   * "Unexpected server error" on stdout hides the cause (an unknown model, a provider without
   * credentials); the run's `--print-logs` stderr names it under the same `ref`, readable only
   * once the process has ended.
   */
  private opaqueError: { ref: string; message: string } | null = null;

  line(text: string): AgentEvent[] {
    const event = parseJsonLine(text);
    if (!event) return [];
    const out: AgentEvent[] = [];
    const sessionId = stringAt(event['sessionID']);
    if (sessionId && sessionId !== this.conversationId) {
      this.conversationId = sessionId;
      out.push({ type: 'conversation', id: sessionId });
    }
    const part = objectAt(event['part']);
    const partText = stringAt(part?.['text']);
    switch (event['type']) {
      case 'text':
        if (partText?.trim()) out.push({ type: 'part', part: { type: 'text', text: partText } });
        break;
      case 'reasoning':
        if (partText?.trim())
          out.push({ type: 'part', part: { type: 'thinking', text: partText } });
        break;
      case 'tool_use':
        if (part) this.onTool(part, out);
        break;
      case 'step_finish':
        if (part) out.push({ type: 'usage', usage: this.addStep(part) });
        break;
      case 'error':
        this.onError(objectAt(event['error']), out);
        break;
    }
    return out;
  }

  finish(exit: ProcessExit): AgentEvent[] {
    if (this.opaqueError) {
      const logged = loggedError(exit.stderr, this.opaqueError.ref);
      const message = logged ?? this.opaqueError.message;
      return [agentError(classifyMessage(message) ?? 'api-error', message)];
    }
    if (this.errorReported || exitedCleanly(exit)) return [];
    return exitError(exit);
  }

  private onTool(part: JsonObject, out: AgentEvent[]): void {
    const id = stringAt(part['callID']) ?? stringAt(part['id']);
    const state = objectAt(part['state']);
    if (!id || !state) return;
    const input = state['input'] ?? {};
    // A call to a tool the agent does not offer (plan mode's denied bash) comes back as the
    // `invalid` tool, "completed", with the attempted name in its input.
    const invalid = part['tool'] === 'invalid';
    if (!this.announcedTools.has(id)) {
      this.announcedTools.add(id);
      const name =
        (invalid ? stringAt(objectAt(input)?.['tool']) : stringAt(part['tool'])) ?? 'tool';
      out.push({ type: 'part', part: { type: 'tool_use', id, name, input } });
    }
    const status = state['status'];
    if ((status !== 'completed' && status !== 'error') || this.finishedTools.has(id)) return;
    this.finishedTools.add(id);
    // A shell command that exits non-zero is still `completed`; only OpenCode's own refusals
    // (permission, unavailable tool, a bad edit) are errors.
    const isError = status === 'error' || invalid;
    const output =
      status === 'error'
        ? (stringAt(state['error']) ?? 'The tool failed.')
        : displayText(state['output']);
    out.push({
      type: 'part',
      part: { type: 'tool_result', tool_use_id: id, output, is_error: isError },
    });
  }

  /** `tokens.input` excludes cache reads and `tokens.output` excludes reasoning. */
  private addStep(part: JsonObject): TurnUsage {
    const tokens = objectAt(part['tokens']);
    const cache = objectAt(tokens?.['cache']);
    const cost = finiteNumberAt(part['cost']);
    const before = this.usage;
    this.usage = {
      input_tokens: (before?.input_tokens ?? 0) + tokenCount(tokens?.['input']),
      output_tokens: (before?.output_tokens ?? 0) + tokenCount(tokens?.['output']),
      cache_read_tokens: (before?.cache_read_tokens ?? 0) + tokenCount(cache?.['read']),
      cache_write_tokens: (before?.cache_write_tokens ?? 0) + tokenCount(cache?.['write']),
      reasoning_tokens: (before?.reasoning_tokens ?? 0) + tokenCount(tokens?.['reasoning']),
      cost_usd:
        cost === undefined ? (before?.cost_usd ?? null) : roundCost((before?.cost_usd ?? 0) + cost),
    };
    return this.usage;
  }

  private onError(error: JsonObject | undefined, out: AgentEvent[]): void {
    const name = stringAt(error?.['name']) ?? 'Error';
    const data = objectAt(error?.['data']);
    const message = stringAt(data?.['message']) ?? name;
    const ref = stringAt(data?.['ref']);
    if (name === 'UnknownError' && ref && !this.opaqueError && !this.errorReported) {
      this.opaqueError = { ref, message };
      return;
    }
    this.errorReported = true;
    out.push(agentError(errorCode(name, message, finiteNumberAt(data?.['statusCode'])), message));
  }
}

function errorCode(name: string, message: string, status: number | undefined): AgentErrorCode {
  if (/ModelNotFound/i.test(name)) return 'model-not-found';
  return codeForHttpStatus(status) ?? classifyMessage(message) ?? 'api-error';
}

/** The `error="…"` that `--print-logs` wrote for this ref, e.g. `ProviderModelNotFoundError: …`. */
function loggedError(stderr: string, ref: string): string | null {
  for (const line of stderr.split('\n')) {
    if (!line.includes(`ref=${ref}`)) continue;
    const match = /\berror="((?:[^"\\]|\\.)*)"/.exec(line);
    if (match?.[1]) return match[1].replace(/\\(.)/g, '$1');
  }
  return null;
}
