import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildClaudeTurn } from './adapter.js';
import { allTurnCases, turnRequest } from '../shared/turn-matrix.js';

const PERMISSION_MODE = { plan: 'plan', build: 'acceptEdits', yolo: 'bypassPermissions' };
const EFFORT_ARGS = {
  off: [],
  think: ['--effort', 'medium'],
  megathink: ['--effort', 'high'],
  ultrathink: ['--effort', 'max'],
};
const STREAM_JSON_ARGS = [
  '-p',
  '--input-format',
  'stream-json',
  '--output-format',
  'stream-json',
  '--verbose',
  '--include-partial-messages',
  '--permission-prompt-tool',
  'stdio',
];
const THINKING_TOKENS = { off: '0', think: '4000', megathink: '10000', ultrathink: '31999' };

describe('claude turn spawn', () => {
  for (const { mode, level, resumeId } of allTurnCases()) {
    it(`${mode} / ${level} / ${resumeId ? 'resume' : 'new'}`, () => {
      const request = turnRequest({ mode, thinkingLevel: level, resumeId, model: 'sonnet' });
      const spec = buildClaudeTurn(request);
      assert.equal(spec.command, '/usr/local/bin/agent');
      assert.deepEqual(spec.args, [
        ...STREAM_JSON_ARGS,
        '--model',
        'sonnet',
        '--permission-mode',
        PERMISSION_MODE[mode],
        ...EFFORT_ARGS[level],
        ...(resumeId ? [`--resume=${resumeId}`] : []),
      ]);
      assert.deepEqual(spec.env, {
        ...request.env,
        MAX_THINKING_TOKENS: THINKING_TOKENS[level],
        ...(mode === 'yolo' ? { IS_SANDBOX: '1' } : {}),
      });
    });
  }

  it('never puts the prompt on the command line, whatever its length or first character', () => {
    for (const prompt of ['--help me', 'x'.repeat(200_000)]) {
      const spec = buildClaudeTurn(turnRequest({ prompt }));
      assert.ok(!spec.args.includes(prompt));
      assert.ok(!spec.args.includes('--'));
    }
  });

  it('forks a conversation whole, or cut after a message of it', () => {
    const whole = buildClaudeTurn(turnRequest({ forkFrom: 'conv-1' }));
    assert.deepEqual(whole.args.slice(-2), ['--resume=conv-1', '--fork-session']);
    const cut = buildClaudeTurn(turnRequest({ forkFrom: 'conv-1', forkAt: 'uuid-7' }));
    assert.deepEqual(cut.args.slice(-3), [
      '--resume=conv-1',
      '--fork-session',
      '--resume-session-at=uuid-7',
    ]);
  });

  it('adds to the environment without touching the request', () => {
    const request = turnRequest({ mode: 'yolo', env: { MAX_THINKING_TOKENS: '99', KEEP: 'me' } });
    const spec = buildClaudeTurn(request);
    assert.deepEqual(request.env, { MAX_THINKING_TOKENS: '99', KEEP: 'me' });
    assert.equal(spec.env['KEEP'], 'me');
    assert.equal(spec.env['MAX_THINKING_TOKENS'], '0');
  });
});
