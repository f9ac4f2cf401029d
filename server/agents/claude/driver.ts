import { randomUUID } from 'node:crypto';
import { approvalAsk, editedFile, isEditTool } from './approval-ask.js';
import { claudeMcpStatus, lacksMcpErrors, withMcpErrors } from './mcp-status.js';
import { claudeUserContent } from './attachments.js';
import {
  allowLine,
  controlLine,
  denyLine,
  errorLine,
  mcpStatusRequestLine,
  userMessageLine,
  type ToolPermissionRequest,
} from './control.js';
import { createClaudeParser } from './parser.js';
import { isOwnPlanFile } from './plan.js';
import { parseJsonLine, stringAt } from '../shared/json.js';
import type { McpServerStatus } from '../../contract/index.js';
import type {
  AgentEvent,
  ApprovalAnswer,
  StreamParser,
  TurnIO,
  TurnRequest,
} from '../shared/types.js';
import type { ProcessExit } from '../shared/agent-errors.js';

/** How long a turn whose result came waits for the answer saying why MCP servers failed. */
const MCP_ANSWER_WAIT_MS = 5_000;

/**
 * What the model reads when it calls ExitPlanMode: Grove shows the plan and the user approves it
 * in Grove, which starts the build as a new turn. Allowing it instead would switch the CLI out of
 * plan mode and let the model build in the same turn.
 */
export const PLAN_HANDOFF_MESSAGE =
  'Grove shows your plan to the user, who approves it before anything is built. ' +
  'Stop here: end your turn without changing anything.';

/**
 * Drives one turn of `claude --input-format stream-json --permission-prompt-tool stdio` on a
 * process kept for the conversation (warm-turn.ts): writes the prompt as a `user` line, answers
 * each `can_use_tool` question with the chat layer's decision (`io.requestApproval`), and ends the
 * turn at its `result`, the process then waiting for the next turn's line. Every conversation
 * line goes to the stream parser unchanged.
 *
 * Two questions belong to plan mode's own mechanics and are answered here, without asking:
 * ExitPlanMode is denied (the run ends with its plan, as with `claude -p`), and in plan mode the
 * CLI's own plan file may be written, since it lives outside the worktree.
 */
export class ClaudeTurnDriver implements StreamParser {
  private readonly parser = createClaudeParser();
  /** Questions the CLI withdrew (`control_cancel_request`): their answers are never sent. */
  private readonly withdrawn = new Set<string>();
  private resultSeen = false;
  /** The `mcp_status` request asking why servers failed, with the init line's states. */
  private mcpQuestion: { requestId: string; servers: readonly McpServerStatus[] } | null = null;
  /** Stops waiting for that answer once the result is in and it is still missing. */
  private mcpWait: NodeJS.Timeout | undefined;

  constructor(
    private readonly io: TurnIO,
    private readonly request: TurnRequest,
    /** Asks the turn's loop to look at `turnOver` again, when a wait ends without a line. */
    private readonly checkEnded: () => void = () => undefined,
    private readonly mcpAnswerWaitMs = MCP_ANSWER_WAIT_MS,
  ) {
    // The CLI prints nothing until the first user line arrives.
    io.write(userMessageLine(claudeUserContent(request)));
  }

  /**
   * The turn's `result` came, and the answer to any question of ours (or the wait for it ran
   * out): the process waits for the next turn's line. An answer that comes between turns is lost.
   */
  get turnOver(): boolean {
    return this.resultSeen && this.mcpQuestion === null;
  }

  line(text: string): AgentEvent[] {
    const event = parseJsonLine(text);
    if (!event) return [];
    const control = controlLine(event);
    if (control?.kind === 'permission') void this.answer(control.request);
    else if (control?.kind === 'cancel') this.withdrawn.add(control.requestId);
    else if (control?.kind === 'unsupported') {
      this.io.write(errorLine(control.requestId, `Grove does not handle ${control.subtype}.`));
    } else if (control?.kind === 'response' && control.requestId === this.mcpQuestion?.requestId) {
      const { servers } = this.mcpQuestion;
      this.stopWaitingForMcp();
      return withMcpErrors(servers, control.body);
    }
    if (control) return [];
    const status = claudeMcpStatus(event);
    for (const item of status) if (item.type === 'mcp-status') this.askWhyMcpFailed(item.servers);
    const events = [...status, ...this.parser.event(event)];
    // The result ends the turn (a sub-agent's lines name a parent).
    if (event['type'] === 'result' && !stringAt(event['parent_tool_use_id'])) {
      this.resultSeen = true;
      if (this.mcpQuestion) {
        this.mcpWait = setTimeout(() => {
          this.stopWaitingForMcp();
          this.checkEnded();
        }, this.mcpAnswerWaitMs);
      }
    }
    return events;
  }

  finish(exit: ProcessExit): AgentEvent[] {
    this.stopWaitingForMcp();
    return this.parser.finish(exit);
  }

  private stopWaitingForMcp(): void {
    clearTimeout(this.mcpWait);
    this.mcpQuestion = null;
  }

  /** One question at a time: the init line says a server failed, `mcp_status` says why. */
  private askWhyMcpFailed(servers: readonly McpServerStatus[]): void {
    if (this.mcpQuestion || !lacksMcpErrors(servers)) return;
    this.mcpQuestion = { requestId: `grove-mcp-status-${randomUUID()}`, servers };
    this.io.write(mcpStatusRequestLine(this.mcpQuestion.requestId));
  }

  private async answer(question: ToolPermissionRequest): Promise<void> {
    const answer = await this.decide(question).catch((error: unknown): ApprovalAnswer => ({
      behavior: 'deny',
      message: `Grove could not ask the user: ${String(error)}`,
    }));
    if (this.withdrawn.delete(question.requestId)) return;
    // `always` is Grove's to remember (the session's rules), not the CLI's.
    this.io.write(
      answer.behavior === 'allow'
        ? allowLine(question)
        : denyLine(question.requestId, answer.message),
    );
  }

  private decide(question: ToolPermissionRequest): Promise<ApprovalAnswer> {
    if (question.toolName === 'ExitPlanMode') {
      return Promise.resolve({ behavior: 'deny', message: PLAN_HANDOFF_MESSAGE });
    }
    if (this.request.mode === 'plan' && isEditTool(question.toolName)) {
      const file = editedFile(question.input);
      if (file !== undefined && isOwnPlanFile(file, this.request)) {
        return Promise.resolve({ behavior: 'allow', always: false });
      }
    }
    return this.io.requestApproval(approvalAsk(question, this.request.cwd));
  }
}
