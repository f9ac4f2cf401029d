import { codexMcpSetup } from './mcp-config.js';
import { codexWarmConfig, startCodexWarmTurn } from './warm-turn.js';
import type { SpawnSpec, TurnRequest, AgentAdapter } from '../shared/types.js';

/** A `codex app-server` spoken to over stdio (see driver.ts), kept per thread (warm-turn.ts). */
export function buildCodexTurn(request: TurnRequest): SpawnSpec {
  return {
    command: request.executable,
    args: ['app-server'],
    // MCP secrets travel in the app-server's environment; the thread config only names them.
    env: { ...request.env, ...codexMcpSetup(request.mcp, new Set()).env },
  };
}

export const codexAdapter = {
  backend: 'codex',
  executableName: 'codex',
  installHint: 'npm install -g @openai/codex',
  startWarmTurn: (turn) => {
    const spec = buildCodexTurn(turn.request);
    return startCodexWarmTurn(turn, spec, codexWarmConfig(spec, turn.request));
  },
} satisfies AgentAdapter;
