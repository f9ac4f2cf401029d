import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codexAdapter } from './codex.js';
import { allTurnCases, turnRequest } from './turn-matrix.js';

const SANDBOX_ARGS = {
  plan: ['--sandbox', 'read-only'],
  build: ['--sandbox', 'workspace-write'],
  yolo: ['--dangerously-bypass-approvals-and-sandbox'],
};
const EFFORT = { off: 'low', think: 'medium', megathink: 'high', ultrathink: 'xhigh' };

describe('codex buildTurn', () => {
  for (const { mode, level, resumeId } of allTurnCases()) {
    it(`${mode} / ${level} / ${resumeId ? 'resume' : 'new'}`, () => {
      const request = turnRequest({ mode, thinkingLevel: level, resumeId, model: 'gpt-5.5' });
      const spec = codexAdapter.buildTurn(request);
      assert.equal(spec.command, '/usr/local/bin/agent');
      assert.deepEqual(spec.args, [
        'exec',
        '--json',
        '--skip-git-repo-check',
        '--cd',
        '/home/dev/acme/.worktrees/fix-date-parse',
        '-m',
        'gpt-5.5',
        '-c',
        `model_reasoning_effort="${EFFORT[level]}"`,
        ...SANDBOX_ARGS[mode],
        // exec's flags come first: `exec resume` rejects --sandbox.
        ...(resumeId ? ['resume', resumeId] : []),
        '-',
      ]);
      assert.equal(spec.stdin, 'Why does the parseDate test fail? Fix it.');
      assert.deepEqual(spec.env, request.env);
      assert.notEqual(spec.env, request.env, 'a copy, so the caller can add to it safely');
    });
  }
});
