import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Preferences } from '@contract';
import { mergePreferences } from './preferences.js';

const base: Preferences = {
  default_backend: 'claude',
  default_models: { claude: 'sonnet', codex: 'gpt-5.5', opencode: 'anthropic/claude-sonnet-4-5' },
  default_execution_mode: 'plan',
  default_thinking_level: 'off',
  cli_paths: { claude: null, codex: null, opencode: null },
  worktrees_dir: null,
};

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
