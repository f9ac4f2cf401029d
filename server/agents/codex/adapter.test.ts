import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCodexTurn } from './adapter.js';
import { codexTurnRequests } from './requests.js';
import { allTurnCases, turnRequest } from '../shared/turn-matrix.js';

const SETTINGS = {
  plan: { approvalPolicy: 'on-request', sandbox: 'read-only' },
  build: { approvalPolicy: 'untrusted', sandbox: 'workspace-write' },
  yolo: { approvalPolicy: 'never', sandbox: 'danger-full-access' },
};
const EFFORT = { off: 'low', think: 'medium', megathink: 'high', ultrathink: 'xhigh' };

describe('codex turn', () => {
  it('starts one app-server on stdio, kept open for the driver', () => {
    const request = turnRequest();
    const spec = buildCodexTurn(request);
    assert.equal(spec.command, '/usr/local/bin/agent');
    assert.deepEqual(spec.args, ['app-server']);
    assert.deepEqual(spec.env, request.env);
    assert.notEqual(spec.env, request.env, 'a copy, so the caller can add to it safely');
  });

  for (const { mode, level, resumeId } of allTurnCases()) {
    it(`${mode} / ${level} / ${resumeId ? 'resume' : 'new'}`, () => {
      const request = turnRequest({ mode, thinkingLevel: level, resumeId, model: 'gpt-5.5' });
      const { thread, turn } = codexTurnRequests(request);
      const cwd = '/home/dev/acme/.worktrees/fix-date-parse';
      const settings = {
        cwd,
        model: 'gpt-5.5',
        ...SETTINGS[mode],
        // Trusted for this thread, so Codex does not write the trust into config.toml.
        config: { projects: { [cwd]: { trust_level: 'trusted' } } },
      };
      assert.deepEqual(
        thread,
        resumeId
          ? {
              method: 'thread/resume',
              params: { threadId: resumeId, ...settings, excludeTurns: true },
            }
          : { method: 'thread/start', params: settings },
      );
      assert.deepEqual(turn, {
        input: [
          { type: 'text', text: 'Why does the parseDate test fail? Fix it.', text_elements: [] },
        ],
        model: 'gpt-5.5',
        effort: EFFORT[level],
      });
    });
  }

  it('a fork forks the thread, cut after the turn it was taken at, or whole at its end', () => {
    const cut = codexTurnRequests(turnRequest({ forkFrom: 'thr_1', forkAt: 'turn_2' })).thread;
    assert.equal(cut.method, 'thread/fork');
    assert.equal(cut.params['threadId'], 'thr_1');
    assert.equal(cut.params['lastTurnId'], 'turn_2');
    const whole = codexTurnRequests(turnRequest({ forkFrom: 'thr_1' })).thread;
    assert.equal(whole.method, 'thread/fork');
    assert.equal(whole.params['lastTurnId'], null);
  });
});
