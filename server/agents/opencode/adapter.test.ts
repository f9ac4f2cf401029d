import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { opencodeServeSpec, opencodeVariant } from './adapter.js';
import { allTurnCases, turnRequest } from '../shared/turn-matrix.js';
import { spawnKey } from '../shared/warm-pool.js';

describe('opencode serve spec', () => {
  it('is the same server for every mode, thinking level and resume', () => {
    // The user's own rules stay as they are: the mode's go on the session (session-modes.ts).
    const env = { OPENCODE_PERMISSION: '{"webfetch":"deny","edit":"ask"}' };
    const specs = allTurnCases().map(({ mode, level, resumeId }) =>
      opencodeServeSpec(turnRequest({ mode, thinkingLevel: level, resumeId, env })),
    );
    for (const spec of specs) {
      assert.deepEqual(spec, {
        command: '/usr/local/bin/agent',
        args: ['serve', '--hostname', '127.0.0.1', '--port', '0'],
        env,
      });
    }
    assert.equal(new Set(specs.map(spawnKey)).size, 1);
  });

  it('maps thinking levels to the variants each model family defines', () => {
    const levels = ['off', 'think', 'megathink', 'ultrathink'] as const;
    const variants = (model: string) => levels.map((level) => opencodeVariant(model, level));
    assert.deepEqual(variants('openai/gpt-5.5'), ['none', 'medium', 'high', 'xhigh']);
    assert.deepEqual(variants('mock/gpt-5.5'), ['none', 'medium', 'high', 'xhigh']);
    assert.deepEqual(variants('anthropic/claude-opus-4-7'), [null, 'high', 'high', 'max']);
    assert.deepEqual(variants('google/gemini-3-pro'), [null, 'medium', 'high', 'max']);
  });
});
