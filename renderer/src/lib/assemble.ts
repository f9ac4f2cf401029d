import type { Message, MessagePart } from '@contract';

/**
 * Building the assistant message that is being written from the run's events. Pure functions:
 * each returns a new message and never mutates its input.
 */

export function startLiveMessage(
  sessionId: string,
  messageId: string,
  runId: string,
  createdAt: number,
): Message {
  return {
    id: messageId,
    session_id: sessionId,
    role: 'assistant',
    created_at: createdAt,
    run_id: runId,
    parts: [],
    status: 'complete',
  };
}

/** A text or thinking fragment joins the last part when it is of the same kind. */
export function appendDelta(message: Message, kind: 'text' | 'thinking', text: string): Message {
  if (text === '') return message;
  const last = message.parts[message.parts.length - 1];
  if (last && last.type === kind) {
    const joined: MessagePart = { type: kind, text: last.text + text };
    return { ...message, parts: [...message.parts.slice(0, -1), joined] };
  }
  return { ...message, parts: [...message.parts, { type: kind, text }] };
}

export function addToolUse(message: Message, id: string, name: string, input: unknown): Message {
  if (message.parts.some((part) => part.type === 'tool_use' && part.id === id)) return message;
  return { ...message, parts: [...message.parts, { type: 'tool_use', id, name, input }] };
}

export function addToolResult(
  message: Message,
  toolUseId: string,
  output: string,
  isError: boolean,
): Message {
  const exists = message.parts.some(
    (part) => part.type === 'tool_result' && part.tool_use_id === toolUseId,
  );
  if (exists) return message;
  return {
    ...message,
    parts: [
      ...message.parts,
      { type: 'tool_result', tool_use_id: toolUseId, output, is_error: isError },
    ],
  };
}

/** What the chat renders for one message: tool calls paired with their results. */
export type Block =
  | { kind: 'text'; key: string; text: string }
  | { kind: 'thinking'; key: string; text: string }
  | {
      kind: 'tool';
      key: string;
      id: string;
      name: string;
      input: unknown;
      result: { output: string; isError: boolean } | null;
    }
  | { kind: 'tool-output'; key: string; toolUseId: string; output: string; isError: boolean };

export function toBlocks(parts: readonly MessagePart[]): Block[] {
  const results = new Map<string, { output: string; isError: boolean }>();
  const uses = new Set<string>();
  for (const part of parts) {
    if (part.type === 'tool_result')
      results.set(part.tool_use_id, { output: part.output, isError: part.is_error });
    if (part.type === 'tool_use') uses.add(part.id);
  }
  const blocks: Block[] = [];
  parts.forEach((part, index) => {
    const key = `${part.type}-${index}`;
    switch (part.type) {
      case 'text':
        if (part.text.trim() !== '') blocks.push({ kind: 'text', key, text: part.text });
        break;
      case 'thinking':
        if (part.text.trim() !== '') blocks.push({ kind: 'thinking', key, text: part.text });
        break;
      case 'tool_use':
        blocks.push({
          kind: 'tool',
          key: `tool-${part.id}`,
          id: part.id,
          name: part.name,
          input: part.input,
          result: results.get(part.id) ?? null,
        });
        break;
      case 'tool_result':
        // Results are shown inside their call; one without a call in this message stands alone.
        if (!uses.has(part.tool_use_id)) {
          blocks.push({
            kind: 'tool-output',
            key: `result-${part.tool_use_id}-${index}`,
            toolUseId: part.tool_use_id,
            output: part.output,
            isError: part.is_error,
          });
        }
        break;
    }
  });
  return blocks;
}

/** The plain text of a message (for copying and for notifications). */
export function messageText(message: Pick<Message, 'parts'>): string {
  return message.parts
    .filter((part): part is Extract<MessagePart, { type: 'text' }> => part.type === 'text')
    .map((part) => part.text)
    .join('');
}
