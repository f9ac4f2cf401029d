// Codex's approval requests in Grove's terms, for the shapes the driver tests do not send.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codexApprovalAsk, codexDecision, fileChangesOf } from './approvals.js';
import type { FileUpdateChange } from './protocol/FileUpdateChange.js';

const CWD = '/home/dev/acme';
const COMMAND = 'item/commandExecution/requestApproval';
const FILE_CHANGE = 'item/fileChange/requestApproval';
const none = new Map<string, FileUpdateChange[]>();

const commandOf = (command: string) => codexApprovalAsk(COMMAND, { command }, none, CWD);

describe('command approvals', () => {
  it('show the script a shell wrapper runs, and any other command line as it is', () => {
    const shown = (command: string) => commandOf(command)?.description;
    assert.equal(shown("/bin/bash -lc 'npm test'"), 'npm test');
    assert.equal(shown("sh -c 'ls -la'"), 'ls -la');
    assert.equal(shown("/usr/bin/zsh -lc 'git status'"), 'git status');
    assert.equal(shown("bash -x 'npm test'"), "bash -x 'npm test'");
    assert.equal(shown("fish -c 'npm test'"), "fish -c 'npm test'");
    assert.equal(shown("bash -lc 'npm test' extra"), "bash -lc 'npm test' extra");
    assert.equal(shown('bash -lc'), 'bash -lc');
    assert.equal(shown('mybash -c ls'), 'mybash -c ls');
    assert.equal(shown('bash -lcx ls'), 'bash -lcx ls');
  });

  it('carry the folder and the reason when Codex gives them, and name the program', () => {
    const ask = codexApprovalAsk(
      COMMAND,
      { command: "/bin/bash -lc 'CI=1 npm test'", cwd: '/tmp/x', reason: 'needs network' },
      none,
      CWD,
    );
    assert.deepEqual(ask, {
      tool: 'commandExecution',
      kind: 'command',
      input: { command: 'CI=1 npm test', cwd: '/tmp/x', reason: 'needs network' },
      description: 'CI=1 npm test',
      commandName: 'npm',
    });
    assert.deepEqual(codexApprovalAsk(COMMAND, {}, none, CWD)?.input, { command: '' });
  });
});

describe('file change approvals', () => {
  const change = (path: string) =>
    ({ path, kind: { type: 'add' }, diff: '+x' }) as FileUpdateChange;

  it('list the files of the item the request names, relative to the worktree when inside it', () => {
    const changes = new Map([['item_1', [change(`${CWD}/src/a.ts`), change('/etc/hosts')]]]);
    const ask = codexApprovalAsk(
      FILE_CHANGE,
      { itemId: 'item_1', reason: 'config', grantRoot: '/etc' },
      changes,
      CWD,
    );
    assert.deepEqual(ask, {
      tool: 'fileChange',
      kind: 'edit',
      input: { changes: changes.get('item_1'), reason: 'config', grantRoot: '/etc' },
      description: 'Edit src/a.ts, /etc/hosts',
      commandName: null,
    });
  });

  it('say "Edit files" when the item is unknown', () => {
    const ask = codexApprovalAsk(FILE_CHANGE, { itemId: 'item_9' }, none, CWD);
    assert.deepEqual(ask?.input, { changes: [] });
    assert.equal(ask?.description, 'Edit files');
  });

  it("keep only an item's changes that name a path", () => {
    const kept = { path: 'a.ts', kind: { type: 'update' }, diff: '' };
    const item = { changes: [kept, { kind: { type: 'add' } }, 'junk', { path: '' }] };
    assert.deepEqual(fileChangesOf(item), [kept]);
    assert.deepEqual(fileChangesOf({}), []);
  });
});

describe('answers', () => {
  it('are accept or decline, and other server requests are no approvals', () => {
    assert.deepEqual(
      codexDecision('item/commandExecution/requestApproval', { behavior: 'allow', always: true }),
      { decision: 'accept' },
    );
    assert.deepEqual(
      codexDecision('item/commandExecution/requestApproval', { behavior: 'deny', message: 'no' }),
      { decision: 'decline' },
    );
    assert.equal(codexApprovalAsk('item/tool/requestUserInput', {}, none, CWD), null);
  });
});
