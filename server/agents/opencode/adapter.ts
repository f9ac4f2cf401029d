import { opencodeMcpSetup } from './mcp-config.js';
import { randomBytes } from 'node:crypto';
import type { PermissionActionConfig } from '@opencode-ai/sdk/v2/types';
import type { ExecutionMode, ThinkingLevel } from '../../contract/index.js';
import { isObject } from '../shared/json.js';
import { SERVER_USERNAME } from './client.js';
import { OpencodeServeDriver } from './serve-driver.js';
import { startOpencodeWarmTurn } from './warm-turn.js';
import type {
  AgentAdapter,
  SpawnSpec,
  StreamParser,
  TurnContext,
  TurnRequest,
} from '../shared/types.js';

/**
 * OpenCode permissions are per agent plus config rules; `OPENCODE_PERMISSION` (JSON) is merged in
 * as the user's config and wins over the agent's defaults. The mode is in the server's env, so
 * turns of one mode share a warm server (warm-serve.ts) and another mode gets its own. Whatever
 * still asks goes to the chat layer (serve-driver.ts), which decides by the mode.
 * - plan: the `plan` agent denies edits except to `.opencode/plans/*.md`, but allows bash, so edit
 *   and bash are denied outright (the tools are then not offered): reading goes through read /
 *   grep / glob / list.
 * - build: the `build` agent, with edits allowed so a user config of `ask` cannot block them, and
 *   every shell command asked.
 * - yolo: the `build` agent as it is (edits and bash allowed); what the user's config asks about
 *   Grove allows, and explicit denials in it still hold.
 * Agent and variant go with the prompt (serve-driver.ts).
 */
const MODE_PERMISSION: Record<ExecutionMode, Record<string, PermissionActionConfig> | null> = {
  plan: { edit: 'deny', bash: 'deny' },
  build: { edit: 'allow', bash: 'ask' },
  yolo: null,
};

/**
 * Variant names are the model's own (verified in 1.18.33): Anthropic budget models define only
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

/**
 * One `opencode serve` per turn, on loopback. `--port 0` takes 4096 when it is free and a random
 * port otherwise (verified with 1.18.33: a bind that fails falls back, so concurrent servers never
 * collide); the driver reads the real port from the line the server prints.
 */
function buildOpencodeTurn(request: TurnRequest): SpawnSpec {
  const spec = opencodeServeSpec(request);
  spec.env['OPENCODE_SERVER_USERNAME'] = SERVER_USERNAME;
  spec.env['OPENCODE_SERVER_PASSWORD'] = randomBytes(24).toString('base64url');
  return spec;
}

/** The server a turn needs, without credentials: turns whose specs are equal may share one. */
export function opencodeServeSpec(request: TurnRequest): SpawnSpec {
  const env: NodeJS.ProcessEnv = { ...request.env };
  const permission = MODE_PERMISSION[request.mode];
  if (permission) {
    env['OPENCODE_PERMISSION'] = mergePermission(request.env['OPENCODE_PERMISSION'], permission);
  }
  const mcp = opencodeMcpSetup(request.mcp);
  if (mcp) Object.assign(env, mcp.env);
  const args = ['serve', '--hostname', '127.0.0.1', '--port', '0'];
  return { command: request.executable, args, env, stdin: 'interactive' };
}

function createOpencodeDriver({ io, request, spec }: TurnContext): StreamParser {
  const password = spec.env['OPENCODE_SERVER_PASSWORD'] ?? '';
  const variant = opencodeVariant(request.model, request.thinkingLevel);
  return new OpencodeServeDriver(io, request, variant, password);
}

/** The user's own OPENCODE_PERMISSION rules, with this mode's rules on top. */
function mergePermission(
  userValue: string | undefined,
  modeRules: Record<string, PermissionActionConfig>,
): string {
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
  createParser: createOpencodeDriver,
  startWarmTurn: (turn) =>
    startOpencodeWarmTurn(
      turn,
      opencodeServeSpec(turn.request),
      opencodeVariant(turn.request.model, turn.request.thinkingLevel),
    ),
};
