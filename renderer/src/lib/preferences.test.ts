import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { preferences } from '../test-support/fixtures.js';
import { mergePreferences } from './preferences.js';
import { clampSidebarWidth, SIDEBAR_MAX_WIDTH, SIDEBAR_MIN_WIDTH, widthForKey } from './sidebar.js';

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

describe('the sidebar layout', () => {
  it('merges a width or a collapse into what was there, defaults for older servers', () => {
    assert.equal(base.sidebar, undefined, 'as an older server sends them');
    const narrower = mergePreferences(base, { sidebar: { width: 200 } });
    assert.deepEqual(narrower.sidebar, { width: 200, collapsed: false });
    assert.deepEqual(mergePreferences(narrower, { sidebar: { collapsed: true } }).sidebar, {
      width: 200,
      collapsed: true,
    });
  });

  it('moves the edge by arrow keys within the limits, Home and End to the limits', () => {
    assert.equal(widthForKey('ArrowRight', false, 264), 280);
    assert.equal(widthForKey('ArrowLeft', true, 264), 200);
    assert.equal(widthForKey('ArrowLeft', false, SIDEBAR_MIN_WIDTH), SIDEBAR_MIN_WIDTH);
    assert.equal(widthForKey('End', false, 264), SIDEBAR_MAX_WIDTH);
    assert.equal(widthForKey('Home', false, 264), SIDEBAR_MIN_WIDTH);
    assert.equal(widthForKey('a', false, 264), null);
    assert.equal(clampSidebarWidth(10_000), SIDEBAR_MAX_WIDTH);
  });
});
