import { redactDeep, redactSecrets, secretValues } from '../agents/shared/mcp.js';
import type {
  AgentEvent,
  ApprovalAnswer,
  ApprovalAsk,
  TurnRequest,
} from '../agents/shared/types.js';
import type { WarmLauncher, WarmTurn, WarmTurnContext } from '../agents/shared/warm.js';
import type { RawLog } from './raw-log.js';

/**
 * Whatever the CLI echoes of a secret (Claude's mcp_status, an error quoting a header) is masked
 * before it reaches the raw log, an event or a client.
 */
function runRedaction(request: TurnRequest): {
  redact: (line: string) => string;
  redactEvent: (event: AgentEvent) => AgentEvent;
} {
  const secrets = secretValues(request.mcp);
  if (secrets.length === 0) return { redact: (line) => line, redactEvent: (event) => event };
  return {
    redact: (line) => redactSecrets(line, secrets),
    redactEvent: (event) => redactDeep(event, secrets),
  };
}

/**
 * One turn on a process kept warm between turns (the adapter's `startWarmTurn`): its events are
 * reported and its lines kept in the run's raw log, secrets masked; stopping it ends this turn
 * only.
 */
export class WarmAgentRun {
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

  /** Stops the turn; resolves once it is over. */
  stop(): Promise<void> {
    return this.turn.cancel();
  }
}
