// OpenCode's permission questions in Grove's terms, for the shapes the serve tests do not send.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { opencodeApprovalAsk, permissionReply, permissionRequestOf } from './approvals.js';

const CWD = '/home/dev/acme';

describe('permission.asked properties', () => {
  it('need an id and a session; the rest gets defaults and only string patterns', () => {
    assert.equal(permissionRequestOf({ sessionID: 'ses_1' }), null);
    assert.equal(permissionRequestOf({ id: 'per_1' }), null);
    assert.deepEqual(
      permissionRequestOf({ id: 'per_1', sessionID: 'ses_1', patterns: ['ls', 3], always: [null] }),
      {
        id: 'per_1',
        sessionID: 'ses_1',
        permission: 'unknown',
        patterns: ['ls'],
        metadata: {},
        always: [],
      },
    );
  });
});

describe('what the user is asked', () => {
  const request = (
    permission: string,
    patterns: string[],
    metadata: Record<string, unknown> = {},
  ) =>
    permissionRequestOf({ id: 'per_1', sessionID: 'ses_1', permission, patterns, metadata }) ??
    assert.fail('a complete request');

  it('a shell command without its line in the metadata is its patterns, chained', () => {
    assert.deepEqual(opencodeApprovalAsk(request('bash', ['cd x', 'npm test']), CWD), {
      tool: 'bash',
      kind: 'command',
      input: { command: 'cd x && npm test' },
      description: 'cd x && npm test',
      commandName: 'cd',
    });
  });

  it('an edit without a file path names its patterns, or just files', () => {
    assert.deepEqual(opencodeApprovalAsk(request('edit', ['a.ts', 'b.ts']), CWD), {
      tool: 'edit',
      kind: 'edit',
      input: { diff: '' },
      description: 'Edit a.ts, b.ts',
      commandName: null,
    });
    assert.equal(opencodeApprovalAsk(request('edit', []), CWD).description, 'Edit files');
    const outside = opencodeApprovalAsk(request('edit', [], { filepath: '/etc/hosts' }), CWD);
    assert.equal(outside.description, 'Edit /etc/hosts');
  });

  it('any other permission without patterns is its name', () => {
    assert.deepEqual(opencodeApprovalAsk(request('webfetch', []), CWD), {
      tool: 'webfetch',
      kind: 'other',
      input: { patterns: [], metadata: {} },
      description: 'webfetch',
      commandName: null,
    });
  });
});

describe('the reply', () => {
  it('allows once (allow-always is remembered by Grove) and rejects with the trimmed reason', () => {
    assert.deepEqual(permissionReply({ behavior: 'allow', always: true }), { reply: 'once' });
    assert.deepEqual(permissionReply({ behavior: 'deny', message: '  not now \n' }), {
      reply: 'reject',
      message: 'not now',
    });
  });
});
