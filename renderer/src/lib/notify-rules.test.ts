import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ev } from '../test-support/fixtures.js';
import { notificationFor } from './notify-rules.js';

const ref = { session_id: 's1', worktree_id: 'w1', run_id: 'r1' };
const names = (id: string) => (id === 's1' ? 'Fix the tests' : undefined);

describe('desktop notification rules', () => {
  it('announces a finished run, a failed run and a plan waiting for approval', () => {
    const usage = {
      input_tokens: 1,
      output_tokens: 1,
      cache_read_tokens: 0,
      cache_write_tokens: 0,
      reasoning_tokens: 0,
      cost_usd: null,
      duration_ms: 1,
    };
    assert.equal(
      notificationFor(ev('run-completed', { ...ref, usage }), names)?.title,
      'Fix the tests finished',
    );
    const failed = notificationFor(
      ev('run-failed', { ...ref, error: { code: 'x', message: 'The CLI crashed.' } }),
      names,
    );
    assert.equal(failed?.body, 'The CLI crashed.');
    const plan = notificationFor(
      ev('session-updated', { session_id: 's1', updates: { awaiting_plan_approval: true } }),
      names,
    );
    assert.equal(plan?.title, 'Fix the tests has a plan');
    const approval = notificationFor(
      ev('approval-requested', {
        session_id: 's1',
        worktree_id: 'w1',
        approval: {
          id: 'a1',
          tool: 'Bash',
          kind: 'command',
          input: { command: 'npm test' },
          description: 'npm test',
          command_name: 'npm',
          created_at: 1,
        },
      }),
      names,
    );
    assert.deepEqual(approval && { title: approval.title, body: approval.body }, {
      title: 'Fix the tests asks for approval',
      body: 'npm test',
    });
  });

  it('stays quiet for everything else', () => {
    assert.equal(
      notificationFor(ev('session-updated', { session_id: 's1', updates: { name: 'x' } }), names),
      null,
    );
    assert.equal(notificationFor(ev('run-cancelled', ref), names), null);
  });
});
