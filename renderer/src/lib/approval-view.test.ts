import type { Approval } from '@contract';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alwaysAllowTarget, approvalCommand, approvalPatch } from './approval-view.js';

const approval = (overrides: Partial<Approval>): Approval => ({
  id: 'a1',
  tool: 'Bash',
  kind: 'command',
  input: {},
  description: 'npm test',
  command_name: 'npm',
  created_at: 1,
  ...overrides,
});

describe('approval card contents', () => {
  it('shows the exact command, whichever way the CLI spells it', () => {
    assert.equal(
      approvalCommand(approval({ input: { command: 'npm test -- --watch' } })),
      'npm test -- --watch',
    );
    assert.equal(
      approvalCommand(approval({ input: { command: ['git', 'status'] } })),
      'git status',
    );
    assert.equal(approvalCommand(approval({ input: 'odd' })), 'npm test');
  });

  it('names what "always allow" covers: the command name, else the tool', () => {
    assert.equal(alwaysAllowTarget(approval({})), 'npm');
    assert.equal(alwaysAllowTarget(approval({ command_name: null })), 'Bash');
    assert.equal(alwaysAllowTarget(approval({ kind: 'other', tool: 'WebFetch' })), 'WebFetch');
  });

  it('turns an edit into a diff: a ready patch, a replacement or a new file', () => {
    const edit = (input: unknown) => approvalPatch(approval({ kind: 'edit', tool: 'Edit', input }));
    assert.equal(edit({ diff: 'diff --git a/x b/x\n' }), 'diff --git a/x b/x\n');
    assert.equal(
      edit({ file_path: 'src/a.ts', old_string: 'one\ntwo', new_string: 'one\n2' }),
      'diff --git a/src/a.ts b/src/a.ts\n--- a/src/a.ts\n+++ b/src/a.ts\n@@ -1,2 +1,2 @@\n-one\n-two\n+one\n+2\n',
    );
    assert.match(
      edit({ filePath: 'new.txt', content: 'hello\n' }) ?? '',
      /--- \/dev\/null\n\+\+\+ b\/new.txt\n@@ -0,0 \+1,1 @@\n\+hello/,
    );
    assert.equal(edit({ something: 1 }), null);
    assert.equal(approvalPatch(approval({ input: { diff: 'x' } })), null);
  });
});
