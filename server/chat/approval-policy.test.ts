// What Grove answers by itself, before a person sees a CLI's permission question.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ApprovalAsk } from '../agents/shared/types.js';
import { judgeAsk, PLAN_MODE_DENIAL, ruleFor, withRule } from './approval-policy.js';

const npmTest: ApprovalAsk = {
  tool: 'Bash',
  kind: 'command',
  input: { command: 'npm test' },
  description: 'npm test',
  commandName: 'npm',
};
const edit: ApprovalAsk = {
  tool: 'Write',
  kind: 'edit',
  input: { file_path: 'a.txt' },
  description: 'Edit a.txt',
  commandName: null,
};
const webFetch: ApprovalAsk = {
  tool: 'WebFetch',
  kind: 'other',
  input: { url: 'https://example.com' },
  description: 'WebFetch',
  commandName: null,
};

describe('judgeAsk', () => {
  test('plan denies every ask with the read-only message, even one a rule covers', () => {
    const rules = [ruleFor(npmTest), ruleFor(edit), ruleFor(webFetch)];
    for (const ask of [npmTest, edit, webFetch]) {
      assert.deepEqual(judgeAsk('plan', rules, ask), { type: 'deny', message: PLAN_MODE_DENIAL });
    }
    assert.match(PLAN_MODE_DENIAL, /plan mode, which is read-only/);
  });

  test('yolo allows everything', () => {
    for (const ask of [npmTest, edit, webFetch]) {
      assert.deepEqual(judgeAsk('yolo', [], ask), { type: 'allow' });
    }
  });

  test('build allows edits and asks for commands and other tools', () => {
    assert.deepEqual(judgeAsk('build', [], edit), { type: 'allow' });
    assert.deepEqual(judgeAsk('build', [], npmTest), { type: 'ask' });
    assert.deepEqual(judgeAsk('build', [], webFetch), { type: 'ask' });
  });

  test('a command rule covers that command name of that tool only', () => {
    const rules = [{ tool: 'Bash', command_name: 'npm' }];
    assert.deepEqual(judgeAsk('build', rules, npmTest), { type: 'allow' });
    const git = { ...npmTest, input: { command: 'git push' }, commandName: 'git' };
    assert.deepEqual(judgeAsk('build', rules, git), { type: 'ask' });
    const otherTool = { ...npmTest, tool: 'commandExecution' };
    assert.deepEqual(judgeAsk('build', rules, otherTool), { type: 'ask' });
  });

  test('a tool rule (no command name) covers every call of that tool', () => {
    const rules = [{ tool: 'Bash', command_name: null }];
    const git = { ...npmTest, commandName: 'git' };
    assert.deepEqual(judgeAsk('build', rules, npmTest), { type: 'allow' });
    assert.deepEqual(judgeAsk('build', rules, git), { type: 'allow' });
    assert.deepEqual(judgeAsk('build', rules, webFetch), { type: 'ask' });
  });
});

describe('ruleFor', () => {
  test("a command's rule names its command; any other ask's rule names only the tool", () => {
    assert.deepEqual(ruleFor(npmTest), { tool: 'Bash', command_name: 'npm' });
    assert.deepEqual(ruleFor({ ...webFetch, commandName: 'curl' }), {
      tool: 'WebFetch',
      command_name: null,
    });
  });
});

describe('withRule', () => {
  const npm = { tool: 'Bash', command_name: 'npm' };

  test('adds a new rule after the others, without changing the list it was given', () => {
    const rules = [npm];
    const added = withRule(rules, { tool: 'Bash', command_name: 'git' });
    assert.deepEqual(added, [npm, { tool: 'Bash', command_name: 'git' }]);
    assert.deepEqual(rules, [npm]);
  });

  test('keeps the list as it is when the same rule is there', () => {
    assert.deepEqual(withRule([npm], { tool: 'Bash', command_name: 'npm' }), [npm]);
  });

  test('tells rules apart by tool and by command name', () => {
    const rules = [npm];
    assert.equal(withRule(rules, { tool: 'Shell', command_name: 'npm' }).length, 2);
    assert.equal(withRule(rules, { tool: 'Bash', command_name: null }).length, 2);
  });
});
