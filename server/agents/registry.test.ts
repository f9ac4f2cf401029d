import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BACKENDS } from '../contract/index.js';
import { adapterFor, AGENT_ADAPTERS } from './registry.js';

describe('registry', () => {
  it('has one adapter per backend, in contract order', () => {
    assert.deepEqual(
      AGENT_ADAPTERS.map((adapter) => adapter.backend),
      [...BACKENDS],
    );
    for (const backend of BACKENDS) {
      const adapter = adapterFor(backend);
      assert.equal(adapter.backend, backend);
      assert.equal(adapter.executableName, backend);
      assert.match(adapter.installHint, /^npm install -g /);
    }
  });
});
