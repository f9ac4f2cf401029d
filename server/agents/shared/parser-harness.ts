// Test support (not used at run time): replays a captured stdout through a parser and folds the
// events into the values a fixture's expectations talk about. A parser that drives its CLI
// (an interactive turn) gets a `recordingIO()`: a capture already holds the CLI's answers, and
// approvals are answered as the test scripts them.
import { readFileSync } from 'node:fs';
import type { McpServerStatus, Usage } from '../../contract/index.js';
import type { ProcessExit } from './agent-errors.js';
import { parseJsonLine, type JsonObject } from './json.js';
import type {
  AgentEvent,
  ApprovalAnswer,
  ApprovalAsk,
  StreamParser,
  TurnIO,
  TurnRequest,
} from './types.js';

export function fixtureText(name: string): string {
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
}

export function fixtureLines(name: string): string[] {
  return fixtureText(name).split('\n');
}

/** A `TurnIO` that keeps what the parser sent, instead of talking to a CLI. */
export interface RecordingIO extends TurnIO {
  /** Every line written, parsed (JSON-RPC messages). */
  readonly sent: JsonObject[];
  /** Events reported through `emit`, in order. */
  readonly emitted: AgentEvent[];
  /** Every approval the parser asked for, in order. */
  readonly asks: ApprovalAsk[];
  terminated: boolean;
}

/** How a test answers the approvals a parser asks for. */
export type ScriptedApprovals = (ask: ApprovalAsk) => ApprovalAnswer | Promise<ApprovalAnswer>;

/** Nobody is there to ask in a replay: every approval is denied. */
const denyAll: ScriptedApprovals = () => ({
  behavior: 'deny',
  message: 'No one to ask in a replay.',
});

export function recordingIO(answer: ScriptedApprovals = denyAll): RecordingIO {
  const io: RecordingIO = {
    sent: [],
    emitted: [],
    asks: [],
    terminated: false,
    write: (line) => {
      const message = parseJsonLine(line);
      if (!message) throw new Error(`The parser wrote a line that is not a JSON object: ${line}`);
      io.sent.push(message);
    },
    emit: (events) => {
      io.emitted.push(...events);
    },
    terminate: () => {
      io.terminated = true;
    },
    record: () => undefined,
    requestApproval: async (ask) => {
      io.asks.push(ask);
      return answer(ask);
    },
  };
  return io;
}

/** Lets answered approvals reach the parser (they settle as promises, after the line). */
export function approvalsAnswered(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A driver made by `createDriver` for `request`, talking to a `recordingIO()`. */
export function recordedTurn<P extends StreamParser>(
  createDriver: (io: TurnIO, request: TurnRequest) => P,
  request: TurnRequest,
  answer?: ScriptedApprovals,
): { io: RecordingIO; parser: P } {
  const io = recordingIO(answer);
  return { io, parser: createDriver(io, request) };
}

export interface ReplayedToolCall {
  id: string;
  name: string;
  input: unknown;
  output: string | null;
  is_error: boolean | null;
}

export interface ReplayedRun {
  events: AgentEvent[];
  conversations: string[];
  streamed: { text: string; thinking: string };
  texts: string[];
  thinking: string[];
  toolCalls: ReplayedToolCall[];
  /** Every tool_use id and tool_result id in arrival order, to catch duplicates. */
  toolUseIds: string[];
  toolResultIds: string[];
  usage: Omit<Usage, 'duration_ms'> | null;
  usageEvents: number;
  errors: Array<{ code: string; message: string }>;
  plans: string[];
  /** Each `mcp-status` event's servers, in order. */
  mcpStatus: McpServerStatus[][];
  /** Each `cli-message` id, in order. */
  cliMessages: string[];
}

export function replay(
  parser: StreamParser,
  lines: readonly string[],
  exit: Partial<ProcessExit> = {},
): ReplayedRun {
  const events = lines.flatMap((line) => parser.line(line));
  events.push(...parser.finish({ code: 0, signal: null, stderr: '', ...exit }));
  return fold(events);
}

function fold(events: AgentEvent[]): ReplayedRun {
  const run: ReplayedRun = {
    events,
    conversations: [],
    streamed: { text: '', thinking: '' },
    texts: [],
    thinking: [],
    toolCalls: [],
    toolUseIds: [],
    toolResultIds: [],
    usage: null,
    usageEvents: 0,
    errors: [],
    plans: [],
    mcpStatus: [],
    cliMessages: [],
  };
  for (const event of events) {
    if (event.type === 'conversation') run.conversations.push(event.id);
    else if (event.type === 'delta') run.streamed[event.kind] += event.text;
    else if (event.type === 'usage') {
      run.usage = event.usage;
      run.usageEvents++;
    } else if (event.type === 'error')
      run.errors.push({ code: event.code, message: event.message });
    else if (event.type === 'plan') run.plans.push(event.text);
    else if (event.type === 'mcp-status') run.mcpStatus.push(event.servers);
    else if (event.type === 'cli-message') run.cliMessages.push(event.id);
    else if (event.part.type === 'text') run.texts.push(event.part.text);
    else if (event.part.type === 'thinking') run.thinking.push(event.part.text);
    else if (event.part.type === 'tool_use') {
      run.toolUseIds.push(event.part.id);
      const { id, name, input } = event.part;
      run.toolCalls.push({ id, name, input, output: null, is_error: null });
    } else {
      const { tool_use_id: id, output, is_error } = event.part;
      run.toolResultIds.push(id);
      const call = run.toolCalls.find((candidate) => candidate.id === id);
      if (call) Object.assign(call, { output, is_error });
    }
  }
  return run;
}
