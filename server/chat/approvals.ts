import { randomUUID } from 'node:crypto';
import type { ApprovalAnswer, ApprovalAsk } from '../agents/shared/types.js';
import {
  nowSeconds,
  type Approval,
  type ApprovalAnswered,
  type ApprovalDecision,
  type ApprovalResolution,
  type ApprovalRule,
  type Session,
} from '../contract/index.js';
import { GroveError, notFound } from '../errors.js';
import type { ServiceContext } from '../services/context.js';
import type { SessionsService } from '../services/sessions.js';
import { judgeAsk, ruleFor, withRule } from './approval-policy.js';

interface Waiting {
  approval: Approval;
  session_id: string;
  worktree_id: string;
  settle: (answer: ApprovalAnswer) => void;
}

const CANCELLED_DENIAL = 'The user cancelled the run before answering.';
const DEFAULT_DENIAL = 'The user denied this tool call.';

/**
 * Where a CLI's permission question meets the user. The session's mode and allow-always rules
 * answer what they can at once; the rest wait in the session's `pending_approvals` (saved, so a
 * restart can expire them) until a client answers, the run is cancelled, or it ends.
 */
export class ApprovalBroker {
  private readonly waiting = new Map<string, Waiting>();
  /**
   * How each approval that ended since Grove started ended, so a late answer is told 409
   * rather than 404. Recovery adds the ones a restart expired.
   */
  private readonly ended = new Map<
    string,
    { session_id: string; resolution: ApprovalResolution }
  >();

  constructor(
    private readonly context: ServiceContext,
    private readonly sessions: SessionsService,
  ) {}

  /** A driver's question; settles once the policy or the user has answered. */
  async request(sessionId: string, ask: ApprovalAsk): Promise<ApprovalAnswer> {
    const session = this.sessions.get(sessionId);
    const verdict = judgeAsk(session.execution_mode, session.approval_rules, ask);
    if (verdict.type === 'allow') return { behavior: 'allow', always: false };
    if (verdict.type === 'deny') return { behavior: 'deny', message: verdict.message };
    const approval: Approval = {
      id: randomUUID(),
      tool: ask.tool,
      kind: ask.kind,
      input: ask.input,
      description: ask.description,
      command_name: ask.commandName,
      created_at: nowSeconds(),
    };
    const answer = new Promise<ApprovalAnswer>((settle) => {
      this.waiting.set(approval.id, {
        approval,
        session_id: sessionId,
        worktree_id: session.worktree_id,
        settle,
      });
    });
    try {
      await this.sessions.apply(sessionId, (current) => ({
        ...current,
        status: 'awaiting_approval',
        pending_approvals: [...current.pending_approvals, approval],
      }));
    } catch (error) {
      // Unsaved, it could not expire on a restart: the CLI is told no rather than left waiting.
      this.waiting.delete(approval.id);
      this.context.log(
        `Grove: could not save an approval of session ${sessionId}: ${String(error)}`,
      );
      return { behavior: 'deny', message: `Grove could not save the question: ${String(error)}` };
    }
    if (!this.waiting.has(approval.id)) {
      // Cancelled while it was being saved: the cancel's own write came first.
      await this.forget(sessionId, [approval.id]);
      return answer;
    }
    this.context.hub.publish('approval-requested', {
      session_id: sessionId,
      worktree_id: session.worktree_id,
      approval: structuredClone(approval),
    });
    return answer;
  }

  /** A client's answer. Nothing changes unless it is saved (then the CLI hears it). */
  async answer(
    sessionId: string,
    approvalId: string,
    decision: ApprovalDecision,
    message: string | undefined,
  ): Promise<ApprovalAnswered> {
    this.sessions.get(sessionId);
    const waiting = this.waiting.get(approvalId);
    if (!waiting || waiting.session_id !== sessionId) {
      const ended = this.ended.get(approvalId);
      if (ended?.session_id === sessionId) {
        throw new GroveError(
          'approval-not-pending',
          `Approval ${approvalId} is no longer waiting: it was ${describe(ended.resolution)}.`,
        );
      }
      throw notFound('approval', approvalId);
    }
    // Taken before the write, so a second answer meanwhile is told 409.
    this.waiting.delete(approvalId);
    this.ended.set(approvalId, { session_id: sessionId, resolution: decision });
    const rule = decision === 'allow-always' ? ruleFor(askFrom(waiting.approval)) : null;
    try {
      await this.sessions.apply(sessionId, (current) =>
        withoutPending(current, [approvalId], rule),
      );
    } catch (error) {
      this.ended.delete(approvalId);
      this.waiting.set(approvalId, waiting);
      throw error;
    }
    this.announce(waiting, decision);
    waiting.settle(
      decision === 'deny'
        ? { behavior: 'deny', message: message?.trim() || DEFAULT_DENIAL }
        : { behavior: 'allow', always: decision === 'allow-always' },
    );
    if (rule) await this.allowCovered(sessionId);
    return { session_id: sessionId, approval_id: approvalId, decision };
  }

  /** Parallel tool calls ask together: a new allow-always rule answers the others it covers. */
  private async allowCovered(sessionId: string): Promise<void> {
    const { execution_mode, approval_rules } = this.sessions.get(sessionId);
    const covered = [...this.waiting.values()].filter(
      (item) =>
        item.session_id === sessionId &&
        judgeAsk(execution_mode, approval_rules, askFrom(item.approval)).type === 'allow',
    );
    for (const item of covered) await this.answer(sessionId, item.approval.id, 'allow', undefined);
  }

  /**
   * End every approval of a session whose run is cancelled or over: each is resolved as
   * `cancelled` and its CLI told no. Best effort on disk: the run's end clears them too.
   */
  async cancelSession(sessionId: string): Promise<void> {
    const cancelled = [...this.waiting.values()].filter((item) => item.session_id === sessionId);
    if (cancelled.length === 0) return;
    for (const waiting of cancelled) {
      this.waiting.delete(waiting.approval.id);
      this.ended.set(waiting.approval.id, { session_id: sessionId, resolution: 'cancelled' });
    }
    await this.forget(
      sessionId,
      cancelled.map((waiting) => waiting.approval.id),
    );
    for (const waiting of cancelled) {
      this.announce(waiting, 'cancelled');
      waiting.settle({ behavior: 'deny', message: CANCELLED_DENIAL });
    }
  }

  /**
   * After a restart: the session's saved approvals can never be answered (their CLI is gone).
   * They are announced as expired; the run's interrupt record clears them from the session.
   */
  expire(session: Session): void {
    for (const approval of session.pending_approvals) {
      this.ended.set(approval.id, { session_id: session.id, resolution: 'expired' });
      this.context.hub.publish('approval-resolved', {
        session_id: session.id,
        worktree_id: session.worktree_id,
        approval_id: approval.id,
        decision: 'expired',
      });
    }
  }

  private async forget(sessionId: string, approvalIds: string[]): Promise<void> {
    await this.sessions
      .apply(sessionId, (current) => withoutPending(current, approvalIds, null))
      .catch((error: unknown) =>
        this.context.log(`Grove: could not clear the approvals of ${sessionId}: ${String(error)}`),
      );
  }

  private announce(waiting: Waiting, decision: ApprovalResolution): void {
    this.context.hub.publish('approval-resolved', {
      session_id: waiting.session_id,
      worktree_id: waiting.worktree_id,
      approval_id: waiting.approval.id,
      decision,
    });
  }
}

/** The session without those approvals, running again once none waits, with `rule` added. */
function withoutPending(session: Session, ids: string[], rule: ApprovalRule | null): Session {
  const pending = session.pending_approvals.filter((item) => !ids.includes(item.id));
  const answeredAll = session.status === 'awaiting_approval' && pending.length === 0;
  return {
    ...session,
    pending_approvals: pending,
    status: answeredAll ? 'running' : session.status,
    approval_rules: rule ? withRule(session.approval_rules, rule) : session.approval_rules,
  };
}

function askFrom(approval: Approval): ApprovalAsk {
  return {
    tool: approval.tool,
    kind: approval.kind,
    input: approval.input,
    description: approval.description,
    commandName: approval.command_name,
  };
}

function describe(resolution: ApprovalResolution): string {
  if (resolution === 'expired') return 'expired when Grove restarted';
  if (resolution === 'cancelled') return 'cancelled with its run';
  return `answered (${resolution})`;
}
