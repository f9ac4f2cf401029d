import type { Backend } from '../contract/index.js';
import type {
  AgentAdapter,
  AgentEvent,
  StreamParser,
  TurnIO,
  TurnRequest,
} from '../agents/shared/types.js';
import type { AgentToolkit } from '../chat/types.js';

/** One turn the chat service started; the test says what it reports and when it ends. */
export interface ScriptedTurn {
  request: TurnRequest;
  /** The driver's own TurnIO: the test asks for approvals through it as a CLI's driver would. */
  io: TurnIO;
  /** Report `events`, then close the CLI's stdin: `cat` exits and the run ends. */
  end(events?: AgentEvent[]): void;
}

/**
 * The chat service's toolkit with the test in the CLI's place: every turn runs `cat` (a real
 * process in its own group, as a CLI would be, which says nothing and exits when its input
 * closes), and the test drives the turn through the driver's own `TurnIO`. `holdStarts` keeps
 * runs in their start (finding the executable) until released.
 */
export class ScriptedToolkit implements AgentToolkit {
  readonly extraEnv: Record<string, string> = {};
  readonly turns: ScriptedTurn[] = [];
  private readonly turnWaiters: (() => void)[] = [];
  private held: Promise<void> | null = null;

  adapterFor(backend: Backend): AgentAdapter {
    return {
      backend,
      executableName: 'cat',
      installHint: 'it is part of every system',
      buildTurn: (request) => ({
        command: request.executable,
        args: [],
        env: request.env,
        stdin: 'interactive',
      }),
      createParser: ({ request, io }) => this.record(request, io),
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

  private record(request: TurnRequest, io: TurnIO): StreamParser {
    this.turns.push({
      request,
      io,
      end(events = []) {
        io.emit(events);
        io.endInput();
      },
    });
    for (const wake of this.turnWaiters.splice(0)) wake();
    return { line: () => [], finish: () => [] };
  }
}
