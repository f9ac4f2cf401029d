import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BACKENDS } from '../contract/index.js';
import { hasPerTurnForm, recordedTurn } from './shared/parser-harness.js';
import type { PerTurnForm } from './shared/types.js';
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
    const create = (adapter: PerTurnForm) => recordedTurn(adapter, turnRequest()).parser;
    const perTurn = AGENT_ADAPTERS.filter(hasPerTurnForm);
    assert.deepEqual(
      perTurn.map((adapter) => adapter.backend),
      ['claude', 'codex'],
    );
    for (const adapter of perTurn) assert.notEqual(create(adapter), create(adapter));
  });
});
