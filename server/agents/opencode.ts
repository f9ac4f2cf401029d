import type { ExecutionMode, ThinkingLevel } from '../contract/index.js';
import { isObject } from './json.js';
import { createOpencodeParser } from './opencode-parser.js';
import type { AgentAdapter, SpawnSpec, TurnRequest } from './types.js';

/**
 * OpenCode permissions are per agent plus config rules; `OPENCODE_PERMISSION` (JSON) is merged in
 * as the user's config and wins over the agent's defaults.
 * - plan: the `plan` agent denies edits except to `.opencode/plans/*.md`, but allows bash, so edit
 *   and bash are denied outright: reading goes through read / grep / glob / list.
 * - build: the `build` agent, with edits allowed so a user config of `ask` (auto-rejected in
 *   `run`) cannot block them.
 * - yolo: `--auto` approves every `ask`; explicit denials in the user's config still hold.
 */
const MODE_ARGS: Record<ExecutionMode, string[]> = {
  plan: ['--agent', 'plan'],
  build: ['--agent', 'build'],
  yolo: ['--agent', 'build', '--auto'],
};
const MODE_PERMISSION: Record<ExecutionMode, Record<string, string> | null> = {
  plan: { edit: 'deny', bash: 'deny' },
  build: { edit: 'allow' },
  yolo: null,
};

/**
 * `--variant` names are the model's own (verified in 1.18.33): Anthropic budget models define only
 * `high` (16k) and `max` (32k) and think not at all by default; adaptive Claude models define
 * low…max; OpenAI models none/minimal…xhigh; openai-compatible ones low/medium/high. A variant
 * the model lacks is silently ignored, so a miss falls back to the model's default.
 */
const VARIANTS: Record<'claude' | 'openai' | 'other', Record<ThinkingLevel, string | null>> = {
  claude: { off: null, think: 'high', megathink: 'high', ultrathink: 'max' },
  openai: { off: 'none', think: 'medium', megathink: 'high', ultrathink: 'xhigh' },
  other: { off: null, think: 'medium', megathink: 'high', ultrathink: 'max' },
};

export function opencodeVariant(model: string, level: ThinkingLevel): string | null {
  const family = /claude|anthropic/i.test(model)
    ? 'claude'
    : /(^|\/)(openai\/|gpt|o\d)/i.test(model)
      ? 'openai'
      : 'other';
  return VARIANTS[family][level];
}

function buildOpencodeTurn(request: TurnRequest): SpawnSpec {
  const args = ['run', '--format', 'json', '--dir', request.cwd, '-m', request.model];
  args.push(...MODE_ARGS[request.mode]);
  const variant = opencodeVariant(request.model, request.thinkingLevel);
  if (variant) args.push('--variant', variant);
  // --thinking prints reasoning parts; --print-logs at ERROR names the cause behind an
  // "Unexpected server error" (see opencode-parser.ts).
  args.push('--thinking', '--print-logs', '--log-level', 'ERROR');
  if (request.resumeId) args.push('--session', request.resumeId);

  const env: NodeJS.ProcessEnv = { ...request.env };
  const permission = MODE_PERMISSION[request.mode];
  if (permission) {
    env['OPENCODE_PERMISSION'] = mergePermission(request.env['OPENCODE_PERMISSION'], permission);
  }
  // No message argument: OpenCode quotes an argument containing spaces, but reads stdin verbatim.
  return { command: request.executable, args, env, stdin: request.prompt };
}

/** The user's own OPENCODE_PERMISSION rules, with this mode's rules on top. */
function mergePermission(userValue: string | undefined, modeRules: Record<string, string>): string {
  let userRules: Record<string, unknown> = {};
  try {
    const parsed: unknown = userValue ? JSON.parse(userValue) : {};
    if (isObject(parsed)) userRules = parsed;
  } catch {
    // Not JSON: OpenCode could not use it either.
  }
  return JSON.stringify({ ...userRules, ...modeRules });
}

export const opencodeAdapter: AgentAdapter = {
  backend: 'opencode',
  executableName: 'opencode',
  installHint: 'npm install -g opencode-ai',
  buildTurn: buildOpencodeTurn,
  createParser: createOpencodeParser,
};
