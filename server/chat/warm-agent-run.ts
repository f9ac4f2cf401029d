import type {
  AgentEvent,
  ApprovalAnswer,
  ApprovalAsk,
  TurnRequest,
} from '../agents/shared/types.js';
import type { WarmLauncher, WarmTurn, WarmTurnContext } from '../agents/shared/warm.js';
import { runRedaction, type TurnRun } from './agent-run.js';
import type { RawLog } from './raw-log.js';

/**
 * One turn on a process kept warm between turns (the adapter's `startWarmTurn`): its events and
 * raw log are handled as a process-per-turn run's, but stopping it ends this turn only.
 */
export class WarmAgentRun implements TurnRun {
  readonly done: Promise<{ spawnError: Error | null }>;
  private readonly turn: WarmTurn;

  constructor(
    startWarmTurn: (turn: WarmTurnContext) => WarmTurn,
    request: TurnRequest,
    onEvent: (event: AgentEvent) => void,
    rawLog: RawLog,
    warm: WarmLauncher,
    requestApproval: (ask: ApprovalAsk) => Promise<ApprovalAnswer>,
  ) {
    const { redact, redactEvent } = runRedaction(request);
    const io: WarmTurnContext['io'] = {
      emit: (events) => {
        for (const event of events) onEvent(redactEvent(event));
      },
      record: (line) => rawLog.line(redact(line)),
      requestApproval,
    };
    const turn = startWarmTurn({ request, io, warm });
    this.turn = turn;
    this.done = (async () => {
      const outcome = await turn.done;
      await rawLog.close();
      return outcome;
    })();
  }

  stop(): Promise<void> {
    return this.turn.cancel();
  }
}
