import type { ExecutionMode, ThinkingLevel } from '../contract/index.js';
import { createCodexParser } from './codex-parser.js';
import type { AgentAdapter, SpawnSpec, TurnRequest } from './types.js';

/**
 * Codex's sandbox is its permission system; `codex exec` never stops to ask for approval.
 * These flags belong to `exec`, so they go before `resume` (which rejects `--sandbox`).
 */
const SANDBOX_ARGS: Record<ExecutionMode, string[]> = {
  plan: ['--sandbox', 'read-only'],
  build: ['--sandbox', 'workspace-write'],
  yolo: ['--dangerously-bypass-approvals-and-sandbox'],
};

/**
 * `model_reasoning_effort`. Codex 0.171.0 passes the value straight to the API, and every model
 * in its catalog (gpt-5.5 … gpt-6.x) offers only low / medium / high / xhigh, so reasoning cannot
 * be switched off: `off` asks for the least.
 */
const REASONING_EFFORT: Record<ThinkingLevel, string> = {
  off: 'low',
  think: 'medium',
  megathink: 'high',
  ultrathink: 'xhigh',
};

function buildCodexTurn(request: TurnRequest): SpawnSpec {
  const args = [
    'exec',
    '--json',
    '--skip-git-repo-check',
    '--cd',
    request.cwd,
    // Always pass the model: a resumed thread otherwise switches to the config's default model.
    '-m',
    request.model,
    '-c',
    `model_reasoning_effort="${REASONING_EFFORT[request.thinkingLevel]}"`,
    ...SANDBOX_ARGS[request.mode],
  ];
  if (request.resumeId) args.push('resume', request.resumeId);
  // `-`: read the prompt from stdin, verbatim and free of argv limits.
  args.push('-');
  return { command: request.executable, args, env: { ...request.env }, stdin: request.prompt };
}

export const codexAdapter: AgentAdapter = {
  backend: 'codex',
  executableName: 'codex',
  installHint: 'npm install -g @openai/codex',
  buildTurn: buildCodexTurn,
  createParser: createCodexParser,
};
