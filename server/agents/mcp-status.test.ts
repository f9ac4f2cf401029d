import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { claudeMcpStatus } from './claude/mcp-status.js';
import { CodexMcpStatus } from './codex/mcp-status.js';
import { opencodeMcpStatus } from './opencode/mcp-status.js';

// Each CLI's own report, as the pinned versions wrote it against e2e/mcp/echo-server.mjs.
describe("each CLI's MCP server states, in Grove's words", () => {
  test('Claude: system/init mcp_servers (no error text there)', () => {
    const init = {
      type: 'system',
      subtype: 'init',
      mcp_servers: [
        { name: 'echo', status: 'connected' },
        { name: 'broken', status: 'failed' },
        { name: 'web', status: 'needs-auth' },
        { name: 'slow', status: 'pending' },
      ],
    };
    assert.deepEqual(claudeMcpStatus(init), [
      {
        type: 'mcp-status',
        servers: [
          { name: 'echo', status: 'connected', error: null },
          { name: 'broken', status: 'failed', error: null },
          { name: 'web', status: 'failed', error: 'Claude reports needs-auth.' },
          { name: 'slow', status: 'starting', error: null },
        ],
      },
    ]);
    assert.deepEqual(claudeMcpStatus({ type: 'system', subtype: 'init' }), []);
    assert.deepEqual(claudeMcpStatus({ type: 'assistant' }), []);
  });

  test('Codex: one server per notification, the whole list each time', () => {
    const status = new CodexMcpStatus();
    status.update({ threadId: 't', name: 'echo', status: 'starting', error: null });
    const failed = 'MCP client for `broken` failed to start: No such file or directory';
    status.update({ threadId: 't', name: 'broken', status: 'failed', error: failed });
    assert.deepEqual(status.update({ threadId: 't', name: 'echo', status: 'ready', error: null }), [
      {
        type: 'mcp-status',
        servers: [
          { name: 'echo', status: 'connected', error: null },
          { name: 'broken', status: 'failed', error: failed },
        ],
      },
    ]);
    assert.deepEqual(status.update({ name: 'x', status: 'unheard-of' }), []);
  });

  test('OpenCode: GET /mcp by name', () => {
    const answer = {
      echo: { status: 'connected' },
      broken: { status: 'failed', error: 'ENOENT: no such file or directory' },
      off: { status: 'disabled' },
      web: { status: 'needs_auth' },
    };
    assert.deepEqual(opencodeMcpStatus(answer), [
      {
        type: 'mcp-status',
        servers: [
          { name: 'echo', status: 'connected', error: null },
          { name: 'broken', status: 'failed', error: 'ENOENT: no such file or directory' },
          { name: 'off', status: 'disabled', error: null },
          { name: 'web', status: 'failed', error: 'The server needs a login (OAuth).' },
        ],
      },
    ]);
    assert.deepEqual(opencodeMcpStatus('not json'), []);
  });
});
