import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { opencodeAdapter, opencodeVariant } from './adapter.js';
import { allTurnCases, turnRequest } from '../shared/turn-matrix.js';

const PERMISSION = {
  plan: '{"edit":"deny","bash":"deny"}',
  build: '{"edit":"allow","bash":"ask"}',
  yolo: undefined,
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
      // Mode, model, variant and resume go over HTTP (serve-driver.ts), the mode's rules in env.
      assert.deepEqual(spec.args, ['serve', '--hostname', '127.0.0.1', '--port', '0']);
      assert.equal(spec.stdin, 'interactive');
      const { OPENCODE_SERVER_PASSWORD: password, ...env } = spec.env;
      assert.match(password ?? '', /^[\w-]{32}$/);
      const permission = PERMISSION[mode];
      assert.deepEqual(env, {
        ...request.env,
        OPENCODE_SERVER_USERNAME: 'opencode',
        ...(permission === undefined ? {} : { OPENCODE_PERMISSION: permission }),
      });
    });
  }

  it('gives every server its own password', () => {
    const password = () => opencodeAdapter.buildTurn(turnRequest()).env['OPENCODE_SERVER_PASSWORD'];
    assert.notEqual(password(), password());
  });

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
      bash: 'ask',
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
