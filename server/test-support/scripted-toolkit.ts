import type { Backend } from '../contract/index.js';
import type { AgentAdapter, AgentEvent, SpawnSpec, TurnRequest } from '../agents/shared/types.js';
import { KeptProcess, slotsPerLauncher } from '../agents/shared/kept-process.js';
import { startKeptTurn } from '../agents/shared/kept-turn.js';
import type { WarmTurn, WarmTurnContext } from '../agents/shared/warm.js';
import type { AgentToolkit } from '../chat/types.js';
import { NO_MCP } from '../agents/shared/mcp.js';

/** One turn the chat service started; the test says what it reports and when it ends. */
export interface ScriptedTurn {
  request: TurnRequest;
  /** The turn's own io: the test asks for approvals through it as a CLI's driver would. */
  io: WarmTurnContext['io'];
  /** Report `events`, then end the turn as a CLI's result line would. */
  end(events?: AgentEvent[]): void;
}

/** The line the scripted CLI (`cat`) echoes back to say the turn is over. */
const RESULT_LINE = '{"type":"result"}';

const scriptedSlots = slotsPerLauncher<KeptProcess>();

/**
 * The chat service's toolkit with the test in the CLI's place. Every turn runs on the warm path
 * as the real backends' do: `cat` (a real process in its own group, as a CLI would be) is spawned
 * by the warm host and kept per conversation like Claude's, and the test drives the turn through
 * its io. `end()` writes a result line that `cat` echoes back, which ends the turn. `holdStarts`
 * keeps runs in their start (finding the executable) until released.
 */
export class ScriptedToolkit implements AgentToolkit {
  readonly extraEnv: Record<string, string> = {};
  readonly mcpFor = () => NO_MCP;
  readonly turns: ScriptedTurn[] = [];
  private readonly turnWaiters: (() => void)[] = [];
  private held: Promise<void> | null = null;

  adapterFor(backend: Backend): AgentAdapter {
    return {
      backend,
      executableName: 'cat',
      installHint: 'it is part of every system',
      startWarmTurn: (turn) => this.startTurn(turn),
    };
  }

  async resolveExecutable(): Promise<string | null> {
    await this.held;
    return 'cat';
  }

  /** Runs wait in their start until the returned function is called. */
  holdStarts(): () => void {
    let release!: () => void;
    this.held = new Promise((resolve) => (release = resolve));
    return () => {
      this.held = null;
      release();
    };
  }

  /** The `index`th turn started (from 0), once it has started. */
  async turn(index: number): Promise<ScriptedTurn> {
    for (;;) {
      const turn = this.turns[index];
      if (turn) return turn;
      await new Promise<void>((resolve) => this.turnWaiters.push(resolve));
    }
  }

  private startTurn(turn: WarmTurnContext): WarmTurn {
    const { request, io, warm } = turn;
    const spec: SpawnSpec = { command: request.executable, args: [], env: request.env };
    const config = 'scripted';
    return startKeptTurn(turn, {
      slots: scriptedSlots(warm),
      config,
      spawn: () => new KeptProcess(warm.spawn(spec, request.cwd), config),
      driverFor: (turnIo) => {
        let ended = false;
        this.turns.push({
          request,
          io,
          end(events = []) {
            turnIo.emit(events);
            ended = true;
            turnIo.write(RESULT_LINE);
          },
        });
        for (const wake of this.turnWaiters.splice(0)) wake();
        return {
          line: () => [],
          finish: () => [],
          ended: () => (ended ? { keep: true } : null),
        };
      },
    });
  }
}
