// Reading and writing Claude Code's control-protocol lines, for the shapes no capture holds.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allowLine, controlLine, denyLine, errorLine, userMessageLine } from './control.js';

const request = (body: Record<string, unknown> | undefined, requestId: unknown = 'req_1') => ({
  type: 'control_request',
  request_id: requestId,
  ...(body === undefined ? {} : { request: body }),
});

describe('reading control lines', () => {
  it('reads a tool question with its input and description, or defaults', () => {
    const asked = request({
      subtype: 'can_use_tool',
      tool_name: 'Bash',
      input: { command: 'ls' },
      description: 'List files',
    });
    assert.deepEqual(controlLine(asked), {
      kind: 'permission',
      request: {
        requestId: 'req_1',
        toolName: 'Bash',
        input: { command: 'ls' },
        description: 'List files',
      },
    });
    assert.deepEqual(controlLine(request({ subtype: 'can_use_tool', tool_name: 'Read' })), {
      kind: 'permission',
      request: { requestId: 'req_1', toolName: 'Read', input: {}, description: undefined },
    });
  });

  it('answers other requests with an error, and skips what it cannot place', () => {
    assert.deepEqual(controlLine(request({ subtype: 'hook_callback' })), {
      kind: 'unsupported',
      requestId: 'req_1',
      subtype: 'hook_callback',
    });
    assert.deepEqual(controlLine(request({ subtype: 'can_use_tool' })), {
      kind: 'unsupported',
      requestId: 'req_1',
      subtype: 'can_use_tool',
    });
    assert.deepEqual(controlLine(request({})), {
      kind: 'unsupported',
      requestId: 'req_1',
      subtype: 'unknown',
    });
    assert.deepEqual(controlLine(request(undefined)), { kind: 'ignored' });
    assert.deepEqual(controlLine(request({ subtype: 'can_use_tool' }, 7)), { kind: 'ignored' });
    assert.deepEqual(controlLine({ type: 'control_response', response: {} }), { kind: 'ignored' });
  });

  it('reads a withdrawn question by its id', () => {
    const cancel = { type: 'control_cancel_request', request_id: 'req_2' };
    assert.deepEqual(controlLine(cancel), { kind: 'cancel', requestId: 'req_2' });
    assert.deepEqual(controlLine({ type: 'control_cancel_request' }), { kind: 'ignored' });
  });

  it('leaves conversation lines to the parser', () => {
    assert.equal(controlLine({ type: 'assistant', request_id: 'req_1' }), null);
    assert.equal(controlLine({}), null);
  });
});

describe('writing control lines', () => {
  const parsed = (line: string): unknown => JSON.parse(line);

  it('writes the prompt as one user line', () => {
    assert.deepEqual(parsed(userMessageLine('Fix "it"\nnow')), {
      type: 'user',
      message: { role: 'user', content: 'Fix "it"\nnow' },
      parent_tool_use_id: null,
      session_id: '',
    });
  });

  it('allows with the input unchanged, denies with the message, errors with the reason', () => {
    const asked = { requestId: 'req_1', toolName: 'Bash', input: { a: 1 }, description: undefined };
    assert.deepEqual(parsed(allowLine(asked)), {
      type: 'control_response',
      response: {
        subtype: 'success',
        request_id: 'req_1',
        response: { behavior: 'allow', updatedInput: { a: 1 } },
      },
    });
    assert.deepEqual(parsed(denyLine('req_2', 'No.')), {
      type: 'control_response',
      response: {
        subtype: 'success',
        request_id: 'req_2',
        response: { behavior: 'deny', message: 'No.', interrupt: false },
      },
    });
    assert.deepEqual(parsed(errorLine('req_3', 'unsupported')), {
      type: 'control_response',
      response: { subtype: 'error', request_id: 'req_3', error: 'unsupported' },
    });
  });
});
