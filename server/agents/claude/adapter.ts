import type { ExecutionMode, ThinkingLevel } from '../../contract/index.js';
import { createClaudeParser } from './parser.js';
import type { AgentAdapter, OneShotRequest, SpawnSpec, TurnRequest } from '../shared/types.js';

/** Claude Code's own permission modes (`--permission-mode`, checked against 2.1.197's --help). */
const PERMISSION_MODE: Record<ExecutionMode, string> = {
  plan: 'plan', // reads and read-only Bash; writes are refused (except its own plan file in ~/.claude)
  build: 'acceptEdits', // edits without asking; other Bash only when the user's settings allow it
  yolo: 'bypassPermissions',
};

/**
 * `MAX_THINKING_TOKENS` drives budget models (claude-*-4-5 and older): 0 sends
 * `thinking:{type:"disabled"}`, n sends `budget_tokens:n` (jean's numbers). Adaptive models
 * (opus/sonnet 4.6+) ignore the budget and follow `--effort` instead; the CLI drops `--effort` for
 * models without effort support, so both are always passed.
 */
const THINKING_BUDGET: Record<ThinkingLevel, number> = {
  off: 0,
  think: 4000,
  megathink: 10000,
  ultrathink: 31999,
};
const EFFORT: Record<ThinkingLevel, string | null> = {
  off: null,
  think: 'medium',
  megathink: 'high',
  ultrathink: 'max',
};

/**
 * Linux refuses a single argv string over 128 KiB (E2BIG). Shorter prompts go after `--` as the
 * reference recommends; longer ones go to stdin, which `claude -p` reads when no prompt argument
 * is given.
 */
export const MAX_PROMPT_ARG_BYTES = 100_000;

function buildClaudeTurn(request: TurnRequest): SpawnSpec {
  const args = [
    '-p',
    '--output-format',
    'stream-json',
    '--verbose', // stream-json in print mode exits 1 without it
    '--include-partial-messages',
    '--model',
    request.model,
    '--permission-mode',
    PERMISSION_MODE[request.mode],
  ];
  const effort = EFFORT[request.thinkingLevel];
  if (effort) args.push('--effort', effort);
  // The `=` form: `--resume` takes an optional value, so a separate word starting with `-` would be
  // read as a flag.
  if (request.resumeId) args.push(`--resume=${request.resumeId}`);
  const promptFitsArgv = Buffer.byteLength(request.prompt, 'utf8') <= MAX_PROMPT_ARG_BYTES;
  // `--` ends the options, so a prompt starting with `-` stays a prompt.
  if (promptFitsArgv) args.push('--', request.prompt);

  const env: NodeJS.ProcessEnv = {
    ...request.env,
    MAX_THINKING_TOKENS: String(THINKING_BUDGET[request.thinkingLevel]),
  };
  // bypassPermissions exits 1 under root unless the CLI is told it runs in a sandbox.
  if (request.mode === 'yolo') env['IS_SANDBOX'] = '1';
  return {
    command: request.executable,
    args,
    env,
    stdin: promptFitsArgv ? null : request.prompt,
  };
}

/** Claude's fastest model, for one-shot side calls such as session titles. */
export const CLAUDE_FAST_MODEL = 'haiku';

/** `claude -p` with no tools, one turn, nothing kept: the answer is stdout's text. */
function buildClaudeOneShot(request: OneShotRequest): SpawnSpec {
  return {
    command: request.executable,
    args: [
      '-p',
      '--output-format',
      'text',
      '--model',
      CLAUDE_FAST_MODEL,
      '--max-turns',
      '1',
      '--no-session-persistence',
      '--tools',
      '',
      '--',
      request.prompt,
    ],
    env: { ...request.env, MAX_THINKING_TOKENS: '0' },
    stdin: null,
  };
}

export const claudeAdapter: AgentAdapter = {
  backend: 'claude',
  executableName: 'claude',
  installHint: 'npm install -g @anthropic-ai/claude-code',
  buildTurn: buildClaudeTurn,
  buildOneShot: buildClaudeOneShot,
  createParser: createClaudeParser,
};
