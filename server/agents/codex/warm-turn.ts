import { createHash } from 'node:crypto';
import { KeptProcess, slotsPerLauncher } from '../shared/kept-process.js';
import { startKeptTurn } from '../shared/kept-turn.js';
import type { SpawnSpec, TurnRequest } from '../shared/types.js';
import type { WarmTurn, WarmTurnContext } from '../shared/warm.js';
import { spawnKey } from '../shared/warm-pool.js';
import { CodexTurnDriver, newCodexProcessState, type CodexProcessState } from './driver.js';
import { codexMcpSetup } from './mcp-config.js';

/** A `codex app-server` holding one thread, and what it knows from its earlier turns. */
class CodexProcess extends KeptProcess {
  readonly state: CodexProcessState = newCodexProcessState();
}

const warmSlots = slotsPerLauncher<CodexProcess>();

/** How long a cancel waits for `turn/interrupt` to end the turn before it stops the process. */
export const CODEX_INTERRUPT_GRACE_MS = 3_000;

/**
 * Everything a kept app-server's thread depends on but the model and effort, which `turn/start`
 * sets per turn: the spawn, the worktree, the mode (sandbox and approval policy are thread
 * settings) and the session's MCP servers (started with the thread).
 */
export function codexWarmConfig(spec: SpawnSpec, request: TurnRequest): string {
  const { config } = codexMcpSetup(request.mcp, new Set());
  return createHash('sha256')
    .update(JSON.stringify([spawnKey(spec), request.cwd, request.mode, config]))
    .digest('hex');
}

/**
 * One Codex turn on the app-server that holds its thread, kept from the last turn when `config`
 * is unchanged: a new `turn/start` on the loaded thread, no handshake, no `thread/resume`.
 * Otherwise a new app-server resumes (or starts, or forks) the thread. After `turn/completed`
 * the process waits, stdin open, for the next turn. A cancel sends `turn/interrupt`, then stops
 * the process, which takes with it any tool command still running: the next turn resumes anew.
 */
export function startCodexWarmTurn(
  turn: WarmTurnContext,
  spec: SpawnSpec,
  config: string,
): WarmTurn {
  return startKeptTurn(turn, {
    slots: warmSlots(turn.warm),
    config,
    spawn: () => new CodexProcess(turn.warm.spawn(spec, turn.request.cwd), config),
    driverFor: (io, process) => {
      const driver = new CodexTurnDriver(io, turn.request, process.state);
      return {
        line: (text) => driver.line(text),
        finish: (exit) => driver.finish(exit),
        ended: () => (driver.over ? { keep: driver.completed } : null),
        interrupt: () => driver.interrupt(),
      };
    },
    interruptGraceMs: CODEX_INTERRUPT_GRACE_MS,
  });
}
