import { opencodeMcpSetup } from './mcp-config.js';
import type { ThinkingLevel } from '../../contract/index.js';
import { startOpencodeWarmTurn } from './warm-turn.js';
import type { SpawnSpec, TurnRequest, AgentAdapter } from '../shared/types.js';

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
 * The server a turn needs, without credentials: turns whose specs are equal share one
 * (warm-serve.ts), whatever their mode (session-modes.ts). `--port 0` takes 4096 when it is free
 * and a random port otherwise (verified with 1.18.33: a bind that fails falls back, so concurrent
 * servers never collide); the real port is read from the line the server prints.
 */
export function opencodeServeSpec(request: TurnRequest): SpawnSpec {
  const mcp = opencodeMcpSetup(request.mcp);
  const env: NodeJS.ProcessEnv = { ...request.env, ...mcp?.env };
  const args = ['serve', '--hostname', '127.0.0.1', '--port', '0'];
  return { command: request.executable, args, env };
}

export const opencodeAdapter: AgentAdapter = {
  backend: 'opencode',
  executableName: 'opencode',
  installHint: 'npm install -g opencode-ai',
  startWarmTurn: (turn) =>
    startOpencodeWarmTurn(
      turn,
      opencodeServeSpec(turn.request),
      opencodeVariant(turn.request.model, turn.request.thinkingLevel),
    ),
};
