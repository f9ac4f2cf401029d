import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { ExecutionMode, ThinkingLevel } from '../../contract/index.js';
import { claudeMcpSetup } from './mcp-config.js';
import { startClaudeWarmTurn } from './warm-turn.js';
import { spawnKey } from '../shared/warm-pool.js';
import type { OneShotRequest, SpawnSpec, TurnRequest, AgentAdapter } from '../shared/types.js';

/**
 * Claude Code's own permission modes (`--permission-mode`, checked against 2.1.197). With the
 * stdio permission tool, whatever a mode does not allow by itself is asked through
 * `can_use_tool`, which the driver passes to the chat layer.
 */
const PERMISSION_MODE: Record<ExecutionMode, string> = {
  plan: 'plan', // reads and read-only Bash run; writes, even in the worktree, are asked
  build: 'acceptEdits', // edits in the worktree and simple file commands run; other Bash is asked
  yolo: 'bypassPermissions', // nothing is asked
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

export function buildClaudeTurn(request: TurnRequest): SpawnSpec {
  const args = [
    '-p',
    // The prompt goes in as a stdin line, so a prompt of any length (or starting with `-`) is
    // just a prompt, and the CLI can ask before it uses a tool.
    '--input-format',
    'stream-json',
    '--output-format',
    'stream-json',
    '--verbose', // stream-json in print mode exits 1 without it
    '--include-partial-messages',
    '--permission-prompt-tool',
    'stdio',
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
  else if (request.forkFrom) args.push(`--resume=${request.forkFrom}`, '--fork-session');
  // Claude's hidden flag (its SDK's resumeSessionAt): keep the conversation up to that message.
  if (!request.resumeId && request.forkFrom && request.forkAt) {
    args.push(`--resume-session-at=${request.forkAt}`);
  }

  const env: NodeJS.ProcessEnv = {
    ...request.env,
    MAX_THINKING_TOKENS: String(THINKING_BUDGET[request.thinkingLevel]),
  };
  // bypassPermissions exits 1 under root unless the CLI is told it runs in a sandbox.
  if (request.mode === 'yolo') env['IS_SANDBOX'] = '1';
  const configPath = path.join(request.runFilesDir, `mcp-${randomUUID()}.json`);
  const mcp = claudeMcpSetup(request.mcp, configPath);
  if (!mcp) return { command: request.executable, args, env };
  return {
    command: request.executable,
    args: [...args, ...mcp.args],
    env: { ...env, ...mcp.env },
    files: [{ path: configPath, content: mcp.file }],
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
  };
}

export const claudeAdapter = {
  backend: 'claude',
  executableName: 'claude',
  installHint: 'npm install -g @anthropic-ai/claude-code',
  buildOneShot: buildClaudeOneShot,
  startWarmTurn: (turn) =>
    startClaudeWarmTurn(
      turn,
      buildClaudeTurn(turn.request),
      spawnKey(buildClaudeTurn({ ...turn.request, resumeId: null })),
    ),
} satisfies AgentAdapter;
