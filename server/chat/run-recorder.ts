import type { MessagePart, Usage } from '../contract/index.js';
import type { EventHub } from '../events/hub.js';
import type { AgentEvent } from '../agents/shared/types.js';

export interface RunRef {
  session_id: string;
  worktree_id: string;
  run_id: string;
  message_id: string;
}

/**
 * Folds one run's agent events into the assistant message being written, and publishes each piece
 * the moment it arrives: deltas for streamed text, tool calls and results as they happen.
 */
export class RunRecorder {
  readonly parts: MessagePart[] = [];
  usage: Omit<Usage, 'duration_ms'> | null = null;
  plan: string | null = null;
  error: { code: string; message: string } | null = null;
  conversationId: string | null = null;
  /** The CLI's id of the latest answer in its conversation. */
  cliMessageId: string | null = null;
  /** Text streamed as deltas since the last complete part; that part must not be sent again. */
  private streamed = { text: '', thinking: '' };

  constructor(
    private readonly hub: EventHub,
    private readonly ref: RunRef,
  ) {}

  apply(event: AgentEvent): void {
    switch (event.type) {
      case 'conversation':
        this.conversationId = event.id;
        return;
      case 'cli-message':
        this.cliMessageId = event.id;
        return;
      case 'delta':
        this.streamed[event.kind] += event.text;
        this.hub.publish('message-delta', { ...this.ref, kind: event.kind, text: event.text });
        return;
      case 'part':
        this.addPart(event.part);
        return;
      case 'usage':
        this.usage = event.usage;
        return;
      case 'plan':
        this.plan = event.text;
        return;
      case 'mcp-status': {
        const { session_id, worktree_id } = this.ref;
        this.hub.publish('mcp-status-updated', { session_id, worktree_id, servers: event.servers });
        return;
      }
      case 'error':
        this.error ??= { code: event.code, message: event.message };
        return;
    }
  }

  /**
   * Keep text that streamed as deltas but whose block never completed (the run was cancelled or
   * crashed mid-answer), so the partial answer is not lost.
   */
  settle(): MessagePart[] {
    for (const kind of ['thinking', 'text'] as const) {
      if (this.streamed[kind]) this.parts.push({ type: kind, text: this.streamed[kind] });
      this.streamed[kind] = '';
    }
    return this.parts;
  }

  /** The last text the assistant wrote: for Codex and OpenCode plan runs, that is the plan. */
  finalText(): string | null {
    for (let index = this.parts.length - 1; index >= 0; index--) {
      const part = this.parts[index];
      if (part?.type === 'text' && part.text.trim()) return part.text;
    }
    return null;
  }

  private addPart(part: MessagePart): void {
    this.parts.push(part);
    if (part.type === 'text' || part.type === 'thinking') {
      const already = this.streamed[part.type];
      this.streamed[part.type] = '';
      // Backends that deliver whole parts (Codex, OpenCode) are shown as one delta right away.
      if (!already)
        this.hub.publish('message-delta', { ...this.ref, kind: part.type, text: part.text });
      return;
    }
    if (part.type === 'tool_use') {
      this.hub.publish('tool-use', {
        ...this.ref,
        id: part.id,
        name: part.name,
        input: part.input,
      });
      return;
    }
    this.hub.publish('tool-result', {
      ...this.ref,
      tool_use_id: part.tool_use_id,
      output: part.output,
      is_error: part.is_error,
    });
  }
}
