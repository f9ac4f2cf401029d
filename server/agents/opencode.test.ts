import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { opencodeAdapter, opencodeVariant } from './opencode.js';
import { allTurnCases, turnRequest } from './turn-matrix.js';

const MODE_ARGS = {
  plan: ['--agent', 'plan'],
  build: ['--agent', 'build'],
  yolo: ['--agent', 'build', '--auto'],
};
const PERMISSION = {
  plan: '{"edit":"deny","bash":"deny"}',
  build: '{"edit":"allow"}',
  yolo: undefined,
};
// anthropic/claude-sonnet-4-5 defines only the `high` and `max` variants.
const CLAUDE_VARIANT_ARGS = {
  off: [],
  think: ['--variant', 'high'],
  megathink: ['--variant', 'high'],
  ultrathink: ['--variant', 'max'],
};

describe('opencode buildTurn', () => {
  for (const { mode, level, resumeId } of allTurnCases()) {
    it(`${mode} / ${level} / ${resumeId ? 'resume' : 'new'}`, () => {
      const request = turnRequest({
        mode,
        thinkingLevel: level,
        resumeId,
        model: 'anthropic/claude-sonnet-4-5',
      });
      const spec = opencodeAdapter.buildTurn(request);
      assert.equal(spec.command, '/usr/local/bin/agent');
      assert.deepEqual(spec.args, [
        'run',
        '--format',
        'json',
        '--dir',
        '/home/dev/acme/.worktrees/fix-date-parse',
        '-m',
        'anthropic/claude-sonnet-4-5',
        ...MODE_ARGS[mode],
        ...CLAUDE_VARIANT_ARGS[level],
        '--thinking',
        '--print-logs',
        '--log-level',
        'ERROR',
        ...(resumeId ? ['--session', resumeId] : []),
      ]);
      assert.equal(spec.stdin, 'Why does the parseDate test fail? Fix it.');
      const permission = PERMISSION[mode];
      assert.deepEqual(spec.env, {
        ...request.env,
        ...(permission === undefined ? {} : { OPENCODE_PERMISSION: permission }),
      });
    });
  }

  it('maps thinking levels to the variants each model family defines', () => {
    const levels = ['off', 'think', 'megathink', 'ultrathink'] as const;
    const variants = (model: string) => levels.map((level) => opencodeVariant(model, level));
    assert.deepEqual(variants('openai/gpt-5.5'), ['none', 'medium', 'high', 'xhigh']);
    assert.deepEqual(variants('mock/gpt-5.5'), ['none', 'medium', 'high', 'xhigh']);
    assert.deepEqual(variants('anthropic/claude-opus-4-7'), [null, 'high', 'high', 'max']);
    assert.deepEqual(variants('google/gemini-3-pro'), [null, 'medium', 'high', 'max']);
  });

  it("keeps the user's own OPENCODE_PERMISSION rules under the mode's", () => {
    const env = { OPENCODE_PERMISSION: '{"webfetch":"deny","edit":"ask"}' };
    const spec = opencodeAdapter.buildTurn(turnRequest({ mode: 'build', env }));
    assert.deepEqual(JSON.parse(spec.env['OPENCODE_PERMISSION'] ?? ''), {
      webfetch: 'deny',
      edit: 'allow',
    });
    assert.deepEqual(
      env,
      { OPENCODE_PERMISSION: '{"webfetch":"deny","edit":"ask"}' },
      'request untouched',
    );
    const yolo = opencodeAdapter.buildTurn(turnRequest({ mode: 'yolo', env }));
    assert.equal(yolo.env['OPENCODE_PERMISSION'], env.OPENCODE_PERMISSION);
  });
});
