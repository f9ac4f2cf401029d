import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { claudeAdapter, MAX_PROMPT_ARG_BYTES } from './adapter.js';
import { allTurnCases, turnRequest } from '../shared/turn-matrix.js';

const PERMISSION_MODE = { plan: 'plan', build: 'acceptEdits', yolo: 'bypassPermissions' };
const EFFORT_ARGS = {
  off: [],
  think: ['--effort', 'medium'],
  megathink: ['--effort', 'high'],
  ultrathink: ['--effort', 'max'],
};
const THINKING_TOKENS = { off: '0', think: '4000', megathink: '10000', ultrathink: '31999' };

describe('claude buildTurn', () => {
  for (const { mode, level, resumeId } of allTurnCases()) {
    it(`${mode} / ${level} / ${resumeId ? 'resume' : 'new'}`, () => {
      const request = turnRequest({ mode, thinkingLevel: level, resumeId, model: 'sonnet' });
      const spec = claudeAdapter.buildTurn(request);
      assert.equal(spec.command, '/usr/local/bin/agent');
      assert.deepEqual(spec.args, [
        '-p',
        '--output-format',
        'stream-json',
        '--verbose',
        '--include-partial-messages',
        '--model',
        'sonnet',
        '--permission-mode',
        PERMISSION_MODE[mode],
        ...EFFORT_ARGS[level],
        ...(resumeId ? [`--resume=${resumeId}`] : []),
        '--',
        'Why does the parseDate test fail? Fix it.',
      ]);
      assert.equal(spec.stdin, null);
      assert.deepEqual(spec.env, {
        ...request.env,
        MAX_THINKING_TOKENS: THINKING_TOKENS[level],
        ...(mode === 'yolo' ? { IS_SANDBOX: '1' } : {}),
      });
    });
  }

  it('matches the reference invocation for a plan run with thinking off', () => {
    const spec = claudeAdapter.buildTurn(
      turnRequest({ model: 'sonnet', prompt: 'Explain git merge vs git rebase in one paragraph.' }),
    );
    assert.deepEqual(spec.args, [
      '-p',
      '--output-format',
      'stream-json',
      '--verbose',
      '--include-partial-messages',
      '--model',
      'sonnet',
      '--permission-mode',
      'plan',
      '--',
      'Explain git merge vs git rebase in one paragraph.',
    ]);
  });

  it('keeps a prompt that starts with a dash after --', () => {
    const spec = claudeAdapter.buildTurn(turnRequest({ prompt: '--help me' }));
    assert.deepEqual(spec.args.slice(-2), ['--', '--help me']);
  });

  it('sends a prompt too long for argv on stdin instead', () => {
    const prompt = 'x'.repeat(MAX_PROMPT_ARG_BYTES + 1);
    const spec = claudeAdapter.buildTurn(turnRequest({ prompt }));
    assert.equal(spec.stdin, prompt);
    assert.ok(!spec.args.includes('--'));
    assert.ok(!spec.args.includes(prompt));
  });

  it('adds to the environment without touching the request', () => {
    const request = turnRequest({ mode: 'yolo', env: { MAX_THINKING_TOKENS: '99', KEEP: 'me' } });
    const spec = claudeAdapter.buildTurn(request);
    assert.deepEqual(request.env, { MAX_THINKING_TOKENS: '99', KEEP: 'me' });
    assert.equal(spec.env['KEEP'], 'me');
    assert.equal(spec.env['MAX_THINKING_TOKENS'], '0');
  });
});
