import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { preferences } from '../test-support/fixtures.js';
import { mergePreferences } from './preferences.js';

const base = preferences();

describe('merging a preferences PATCH locally', () => {
  it('merges per-backend maps instead of replacing them', () => {
    const next = mergePreferences(base, {
      default_models: { codex: 'gpt-5.5-mini' },
      cli_paths: { claude: '/opt/claude' },
    });
    assert.deepEqual(next.default_models, { ...base.default_models, codex: 'gpt-5.5-mini' });
    assert.deepEqual(next.cli_paths, { claude: '/opt/claude', codex: null, opencode: null });
  });

  it('sets top-level fields, including back to null, and leaves the rest', () => {
    const withDir = mergePreferences(base, {
      worktrees_dir: '/srv/trees',
      default_backend: 'codex',
    });
    assert.equal(withDir.worktrees_dir, '/srv/trees');
    assert.equal(withDir.default_backend, 'codex');
    assert.equal(mergePreferences(withDir, { worktrees_dir: null }).worktrees_dir, null);
    assert.equal(withDir.default_execution_mode, 'plan');
  });
});
