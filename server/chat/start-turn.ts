import type { AgentAdapter, AgentEvent, ApprovalAsk, TurnRequest } from '../agents/shared/types.js';
import type { ServiceContext } from '../services/context.js';
import { AgentRun, type TurnRun } from './agent-run.js';
import type { ApprovalBroker } from './approvals.js';
import { RunProcessRecord } from './process-registry.js';
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

/** A turn on the backend's warm process when it keeps one, else on a process of its own. */
export function startTurnRun(
  { context, approvals, warm }: TurnRunHost,
  adapter: AgentAdapter,
  ref: RunRef,
  request: TurnRequest,
  recorder: RunRecorder,
): TurnRun {
  const onEvent = (event: AgentEvent) => recorder.apply(event);
  const rawLog = new RawLog(context.store.runLogDir(ref.session_id), ref.run_id);
  const requestApproval = (ask: ApprovalAsk) => approvals.request(ref.session_id, ask);
  if (adapter.startWarmTurn) {
    const start = adapter.startWarmTurn;
    return new WarmAgentRun(start, request, onEvent, rawLog, warm, requestApproval);
  }
  const processes = new RunProcessRecord(context.store, ref.run_id, context.log);
  return new AgentRun(adapter, request, onEvent, rawLog, processes, requestApproval);
}
