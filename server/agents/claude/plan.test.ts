// Which plan a Claude run ended with, and which file is the CLI's own plan file.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { turnRequest } from '../shared/turn-matrix.js';
import { ClaudePlanTracker, isOwnPlanFile } from './plan.js';

const PLAN = '/home/dev/.claude/plans/brave-otter.md';

describe('the plan a run ended with', () => {
  it('follows a write and edits of the plan file, the last edit on what the tracker knows', () => {
    const plan = new ClaudePlanTracker();
    plan.onToolUse('w1', 'Write', { file_path: PLAN, content: 'step a\nstep a\n' });
    plan.onToolResult('w1', false, undefined);
    plan.onToolUse('e1', 'Edit', { file_path: PLAN, old_string: 'a', new_string: '$& b' });
    plan.onToolResult('e1', false, {});
    assert.equal(plan.planText(undefined), 'step $& b\nstep a\n', 'one place, taken literally');
    plan.onToolUse('e2', 'Edit', {
      file_path: PLAN,
      old_string: 'step',
      new_string: 'do',
      replace_all: true,
    });
    plan.onToolResult('e2', false, undefined);
    assert.equal(plan.planText('closing words'), 'do $& b\ndo a\n');
  });

  it('ignores refused and unknown results, other files and edits it cannot apply', () => {
    const plan = new ClaudePlanTracker();
    plan.onToolUse('w1', 'Write', { file_path: PLAN, content: 'refused' });
    plan.onToolResult('w1', true, undefined);
    plan.onToolResult('w1', false, undefined);
    plan.onToolUse('w2', 'Write', { file_path: '/home/dev/acme/plans/x.md', content: 'code' });
    plan.onToolResult('w2', false, undefined);
    plan.onToolUse('w3', 'Write', { file_path: PLAN });
    plan.onToolResult('w3', false, undefined);
    plan.onToolUse('e1', 'Edit', { file_path: PLAN, old_string: 'x' });
    plan.onToolResult('e1', false, { originalFile: 'x' });
    plan.onToolUse('r1', 'Read', { file_path: PLAN });
    plan.onToolResult('r1', false, { originalFile: 'read' });
    plan.onToolUse('n1', 'Write', null);
    plan.onToolResult('n1', false, undefined);
    assert.equal(plan.planText('closing words'), null, 'no ExitPlanMode, no plan file');
  });

  it("an edit starts from the CLI's original file when it reports one", () => {
    const plan = new ClaudePlanTracker();
    plan.onToolUse('e1', 'Edit', { file_path: PLAN, old_string: 'old', new_string: 'new' });
    plan.onToolResult('e1', false, { originalFile: 'the old plan' });
    assert.equal(plan.planText(undefined), 'the new plan');
  });

  it("prefers ExitPlanMode's own plan, then the plan file, then the closing text", () => {
    const own = new ClaudePlanTracker();
    own.onToolUse('w1', 'Write', { file_path: PLAN, content: 'from the file' });
    own.onToolResult('w1', false, undefined);
    own.onToolUse('x1', 'ExitPlanMode', { plan: 'from the tool' });
    assert.equal(own.planText('closing'), 'from the tool');

    const file = new ClaudePlanTracker();
    file.onToolUse('w1', 'Write', { file_path: PLAN, content: 'from the file' });
    file.onToolResult('w1', false, undefined);
    file.onToolUse('x1', 'ExitPlanMode', { plan: '  ' });
    assert.equal(file.planText('closing'), 'from the file');

    const closing = new ClaudePlanTracker();
    closing.onToolUse('w1', 'Write', { file_path: PLAN, content: ' \n' });
    closing.onToolResult('w1', false, undefined);
    closing.onToolUse('x1', 'ExitPlanMode', {});
    assert.equal(closing.planText('closing'), 'closing');
    assert.equal(closing.planText('  '), null);
    assert.equal(closing.planText(undefined), null);
  });
});

describe("the CLI's own plan file", () => {
  const request = turnRequest();

  it('is a Markdown file directly in plans/ of the config dir', () => {
    assert.equal(isOwnPlanFile(PLAN, request), true);
    assert.equal(isOwnPlanFile('/home/dev/.claude/plans/a.txt', request), false);
    assert.equal(isOwnPlanFile('/home/dev/.claude/plans/sub/a.md', request), false);
    assert.equal(isOwnPlanFile('/home/dev/.claude/a.md', request), false);
    assert.equal(isOwnPlanFile('../../../.claude/plans/a.md', request), true, 'resolved from cwd');
  });

  it('follows $CLAUDE_CONFIG_DIR, and is never a file inside the worktree', () => {
    const custom = turnRequest({ env: { HOME: '/home/dev', CLAUDE_CONFIG_DIR: '/srv/claude' } });
    assert.equal(isOwnPlanFile('/srv/claude/plans/a.md', custom), true);
    assert.equal(isOwnPlanFile(PLAN, custom), false);
    const inside = turnRequest({ env: { CLAUDE_CONFIG_DIR: `${request.cwd}/.claude` } });
    assert.equal(isOwnPlanFile(`${request.cwd}/.claude/plans/a.md`, inside), false);
  });
});
