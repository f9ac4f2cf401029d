import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BACKENDS } from '../contract/index.js';
import { recordedTurn } from './shared/parser-harness.js';
import { adapterFor, AGENT_ADAPTERS } from './registry.js';
import { turnRequest } from './shared/turn-matrix.js';

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

  it('gives every run a fresh parser', () => {
    // Interactive parsers (Codex) drive their CLI, so each gets what a run gives it.
    const create = (adapter: (typeof AGENT_ADAPTERS)[number]) =>
      recordedTurn(adapter, turnRequest()).parser;
    for (const adapter of AGENT_ADAPTERS) assert.notEqual(create(adapter), create(adapter));
  });
});
