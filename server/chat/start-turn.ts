import type { AgentAdapter, AgentEvent, ApprovalAsk, TurnRequest } from '../agents/shared/types.js';
import type { ServiceContext } from '../services/context.js';
import type { ApprovalBroker } from './approvals.js';
import { RawLog } from './raw-log.js';
import type { RunRecorder, RunRef } from './run-recorder.js';
import { WarmAgentRun } from './warm-agent-run.js';
import type { WarmHost } from './warm-host.js';

/** What a turn's run needs from the chat service. */
export interface TurnRunHost {
  context: ServiceContext;
  approvals: ApprovalBroker;
  warm: WarmHost;
}

/** A turn on the backend's warm process, its events applied to the run's recorder. */
export function startTurnRun(
  { context, approvals, warm }: TurnRunHost,
  adapter: AgentAdapter,
  ref: RunRef,
  request: TurnRequest,
  recorder: RunRecorder,
): WarmAgentRun {
  const onEvent = (event: AgentEvent) => recorder.apply(event);
  const rawLog = new RawLog(context.store.runLogDir(ref.session_id), ref.run_id);
  const requestApproval = (ask: ApprovalAsk) => approvals.request(ref.session_id, ask);
  return new WarmAgentRun(adapter.startWarmTurn, request, onEvent, rawLog, warm, requestApproval);
}
