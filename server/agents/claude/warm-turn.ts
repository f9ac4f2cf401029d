import { KeptProcess, slotsPerLauncher } from '../shared/kept-process.js';
import { startKeptTurn } from '../shared/kept-turn.js';
import type { SpawnSpec } from '../shared/types.js';
import type { WarmTurn, WarmTurnContext } from '../shared/warm.js';
import { ClaudeTurnDriver } from './driver.js';

/** Idle `claude` stream-json processes by conversation, each fed one turn at a time. */
const warmSlots = slotsPerLauncher<KeptProcess>();

/**
 * One Claude turn on the process that holds its conversation, kept from the last turn when the
 * mode, model and thinking level are unchanged (`config`); otherwise a new process resumes the
 * conversation (`spec`, which carries `--resume`). After the result the process waits, stdin
 * open, for the next turn's user line. A cancel stops the process: the next turn resumes anew.
 */
export function startClaudeWarmTurn(
  turn: WarmTurnContext,
  spec: SpawnSpec,
  config: string,
): WarmTurn {
  return startKeptTurn(turn, {
    slots: warmSlots(turn.warm),
    config,
    spawn: () => new KeptProcess(turn.warm.spawn(spec, turn.request.cwd), config),
    driverFor: (io, _process, checkEnded) => {
      const driver = new ClaudeTurnDriver(io, turn.request, checkEnded);
      return {
        line: (text) => driver.line(text),
        finish: (exit) => driver.finish(exit),
        ended: () => (driver.turnOver ? { keep: true } : null),
      };
    },
  });
}
