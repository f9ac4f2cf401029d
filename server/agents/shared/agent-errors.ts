import type { AgentErrorCode } from '../../contract/index.js';
import { objectAt, parseJsonLine, stringAt } from './json.js';
import type { AgentEvent, StreamParser } from './types.js';

export type ProcessExit = Parameters<StreamParser['finish']>[0];

export function agentError(code: AgentErrorCode, message: string): AgentEvent {
  return { type: 'error', code, message };
}

// Ordered: the first matching rule wins. Auth comes before "model" because 401 bodies often name
// the model too.
const MESSAGE_RULES: ReadonlyArray<readonly [RegExp, AgentErrorCode]> = [
  // Codex's unknown thread id reads "no rollout found for thread id …"; other thread/resume
  // failures (auth, config) are not about the session.
  [/no conversation found|no rollout found|session not found/i, 'session-not-found'],
  [
    /not logged in|\b401\b|unauthori[sz]ed|invalid (x-)?api[ -]?key|authentication|please run \/login|codex login/i,
    'not-logged-in',
  ],
  [
    /model.{0,80}(not found|does not exist|not exist|unknown|unrecognized|not supported|no access)|(unknown|unrecognized|invalid) model|model_not_found/i,
    'model-not-found',
  ],
  [/rate.?limit|\b429\b|too many requests|overloaded|\b529\b|usage limit|quota/i, 'rate-limited'],
];

/** Best guess at a code from an error text, or null when nothing recognizable is in it. */
export function classifyMessage(text: string): AgentErrorCode | null {
  for (const [pattern, code] of MESSAGE_RULES) if (pattern.test(text)) return code;
  return null;
}

export function codeForHttpStatus(status: number | undefined): AgentErrorCode | null {
  if (status === 401 || status === 403) return 'not-logged-in';
  if (status === 429 || status === 529) return 'rate-limited';
  return null;
}

/** Lines that every run of a CLI writes to stderr and that never explain a failure. */
const STDERR_NOISE = [
  /^Reading additional input from stdin/i,
  /^WARNING: proceeding, even though we could not create PATH aliases/i,
];
const MAX_MESSAGE_CHARS = 2000;

// ANSI colour and cursor sequences: OpenCode colours its stderr even when it is not a TTY.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

/**
 * The part of stderr worth showing a user: the last `Error:` line when there is one (Codex follows
 * it with a backtrace), otherwise the last few meaningful lines.
 */
function summarizeStderr(stderr: string): string {
  const lines = stderr
    .replace(ANSI, '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !STDERR_NOISE.some((noise) => noise.test(line)));
  const errorLines = lines.filter((line) => /^(error|fatal)\b/i.test(line));
  const chosen = errorLines.length > 0 ? errorLines.slice(-1) : lines.slice(-3);
  const text = chosen.join('\n');
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text;
}

const INTERRUPT_SIGNALS = new Set<string>(['SIGINT', 'SIGTERM', 'SIGHUP']);

export function exitedCleanly(exit: ProcessExit): boolean {
  return exit.code === 0 && exit.signal === null;
}

/** Stopped from outside: the runner's SIGINT/SIGTERM, or a shell's 130/143 for the same. */
export function wasInterrupted(exit: ProcessExit): boolean {
  return (
    (exit.signal !== null && INTERRUPT_SIGNALS.has(exit.signal)) ||
    exit.code === 130 ||
    exit.code === 143
  );
}

/**
 * The error a parser reports when the process ended badly and the stream itself said nothing:
 * `cancelled` when it was interrupted, otherwise whatever stderr explains, else `cli-crashed`.
 */
export function exitError(exit: ProcessExit): AgentEvent[] {
  if (exitedCleanly(exit)) return [];
  const detail = summarizeStderr(exit.stderr);
  if (wasInterrupted(exit)) {
    return [agentError('cancelled', detail || `The CLI was stopped (${describeExit(exit)}).`)];
  }
  if (!detail) {
    return [
      agentError('cli-crashed', `The CLI exited with ${describeExit(exit)} and printed no error.`),
    ];
  }
  return [agentError(classifyMessage(detail) ?? 'cli-crashed', detail)];
}

function describeExit(exit: ProcessExit): string {
  return exit.signal !== null ? `signal ${exit.signal}` : `code ${String(exit.code)}`;
}

/**
 * Codex passes the provider's HTTP body through as the error text; when that body is a JSON
 * error object, its `message` is what the user needs to read.
 */
export function unwrapJsonMessage(text: string): string {
  const body = parseJsonLine(text);
  const message = stringAt(objectAt(body?.['error'])?.['message']) ?? stringAt(body?.['message']);
  return message?.trim() ? message : text;
}
