import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addToolResult,
  addToolUse,
  appendDelta,
  messageText,
  startLiveMessage,
  toBlocks,
} from './assemble.js';

describe('assembling a streamed assistant message', () => {
  const start = () => startLiveMessage('s1', 'm1', 'r1', 10);

  it('joins consecutive text fragments into one part', () => {
    let message = start();
    for (const text of ['Hel', 'lo, ', 'world']) message = appendDelta(message, 'text', text);
    assert.deepEqual(message.parts, [{ type: 'text', text: 'Hello, world' }]);
    assert.equal(messageText(message), 'Hello, world');
  });

  it('starts a new part when the kind changes, keeping the order', () => {
    let message = start();
    message = appendDelta(message, 'thinking', 'Let me ');
    message = appendDelta(message, 'thinking', 'think.');
    message = appendDelta(message, 'text', 'Answer');
    message = appendDelta(message, 'thinking', 'More');
    assert.deepEqual(
      message.parts.map((part) => part.type),
      ['thinking', 'text', 'thinking'],
    );
    assert.equal(message.parts[0]?.type === 'thinking' && message.parts[0].text, 'Let me think.');
  });

  it('never mutates the message it was given', () => {
    const before = appendDelta(start(), 'text', 'a');
    const frozen = structuredClone(before);
    appendDelta(before, 'text', 'b');
    addToolUse(before, 't1', 'Read', {});
    assert.deepEqual(before, frozen);
  });

  it('ignores empty fragments and repeated tool events', () => {
    let message = appendDelta(start(), 'text', '');
    assert.equal(message.parts.length, 0);
    message = addToolUse(message, 't1', 'Read', { path: 'a' });
    message = addToolUse(message, 't1', 'Read', { path: 'a' });
    message = addToolResult(message, 't1', 'contents', false);
    message = addToolResult(message, 't1', 'contents', false);
    assert.equal(message.parts.length, 2);
  });

  it('pairs each tool call with its result for display', () => {
    let message = start();
    message = appendDelta(message, 'text', 'Reading.');
    message = addToolUse(message, 't1', 'Read', { file_path: 'README.md' });
    message = addToolUse(message, 't2', 'Bash', { command: 'false' });
    message = addToolResult(message, 't2', 'exit 1', true);
    message = addToolResult(message, 't1', '# readme', false);
    message = appendDelta(message, 'text', 'Done.');
    const blocks = toBlocks(message.parts);
    assert.deepEqual(
      blocks.map((block) => block.kind),
      ['text', 'tool', 'tool', 'text'],
    );
    const [, read, bash] = blocks;
    assert.deepEqual(read?.kind === 'tool' && read.result, { output: '# readme', isError: false });
    assert.deepEqual(bash?.kind === 'tool' && bash.result, { output: 'exit 1', isError: true });
  });

  it('shows a call still running without a result, and a result without its call on its own', () => {
    const blocks = toBlocks([
      { type: 'tool_use', id: 'a', name: 'Bash', input: { command: 'sleep 1' } },
      { type: 'tool_result', tool_use_id: 'zzz', output: 'late', is_error: false },
    ]);
    assert.equal(blocks[0]?.kind === 'tool' && blocks[0].result, null);
    assert.equal(blocks[1]?.kind, 'tool-output');
  });
});
