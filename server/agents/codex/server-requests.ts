import { stringAt, type JsonObject } from '../shared/json.js';
import type { ApprovalAnswer, TurnIO } from '../shared/types.js';
import { codexApprovalAsk, codexDecision } from './approvals.js';
import type { PendingCalls } from './pending-calls.js';
import type { FileUpdateChange } from './protocol/FileUpdateChange.js';

const METHOD_NOT_FOUND = -32601;

/** What answering app-server's requests needs of the turn's driver. */
export interface ServerRequestTurn {
  io: Pick<TurnIO, 'requestApproval'>;
  cwd: string;
  /** The patches of started `fileChange` items: their approval requests name only the item. */
  fileChanges: ReadonlyMap<string, FileUpdateChange[]>;
  calls: PendingCalls;
  send(message: JsonObject): void;
  threadId(): string | null;
  turnOver(): boolean;
}

/**
 * A request of app-server, which waits for its answer: an approval goes to the chat layer
 * (`io.requestApproval`) and is answered with its decision; any other request gets an error at
 * once, since one left unanswered would hold the turn forever.
 */
export function answerServerRequest(
  turn: ServerRequestTurn,
  request: { method: string; id: unknown; params: JsonObject },
): void {
  const { method, id, params } = request;
  const ask = codexApprovalAsk(method, params, turn.fileChanges, turn.cwd);
  if (!ask) {
    const message = `Grove does not handle ${method}.`;
    turn.send({ id, error: { code: METHOD_NOT_FOUND, message } });
    return;
  }
  void turn.io
    .requestApproval(ask)
    .catch((): ApprovalAnswer => ({ behavior: 'deny', message: '' }))
    .then((answer) => answerApproval(turn, request, stringAt(params['turnId']), answer));
}

/**
 * Codex's decline carries no reason, so a deny's message joins the turn as the user's words
 * (`turn/steer`), sent first so the turn is still open: the model reads it with the tool's
 * "rejected by user" before it goes on.
 */
function answerApproval(
  turn: ServerRequestTurn,
  { method, id }: { method: string; id: unknown },
  turnId: string | undefined,
  answer: ApprovalAnswer,
): void {
  if (turn.turnOver()) return;
  const threadId = turn.threadId();
  if (answer.behavior === 'deny' && answer.message.trim() && threadId && turnId) {
    const input = [{ type: 'text', text: answer.message, text_elements: [] }];
    const steer = { threadId, input, expectedTurnId: turnId };
    // The turn may have ended meanwhile; the decline stands without the message.
    turn.calls.call(
      'turn/steer',
      steer,
      () => [],
      () => [],
    );
  }
  turn.send({ id, result: codexDecision(method, answer) });
}
