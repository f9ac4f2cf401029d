import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { comboLabel, matchShortcut, SHORTCUTS, type KeyLike } from './shortcuts.js';

const key = (overrides: Partial<KeyLike>): KeyLike => ({
  key: '',
  code: '',
  metaKey: false,
  ctrlKey: false,
  shiftKey: false,
  altKey: false,
  ...overrides,
});

describe('keyboard shortcuts', () => {
  it('uses Ctrl on Linux and Windows and ⌘ on macOS for the same shortcut', () => {
    assert.equal(matchShortcut(key({ key: 't', ctrlKey: true }), false, false), 'new-session');
    assert.equal(matchShortcut(key({ key: 't', metaKey: true }), false, true), 'new-session');
    assert.equal(matchShortcut(key({ key: 't', metaKey: true }), false, false), null);
    assert.equal(matchShortcut(key({ key: ',', ctrlKey: true }), true, false), 'open-settings');
  });

  it('tells next from previous session by Shift, and matches brackets by key position', () => {
    assert.equal(matchShortcut(key({ key: 'Tab', ctrlKey: true }), true, true), 'next-session');
    assert.equal(
      matchShortcut(key({ key: 'Tab', ctrlKey: true, shiftKey: true }), true, false),
      'previous-session',
    );
    assert.equal(
      matchShortcut(
        key({ key: '}', code: 'BracketRight', ctrlKey: true, shiftKey: true }),
        false,
        false,
      ),
      'next-session',
    );
  });

  it('keeps single-key shortcuts out of text fields', () => {
    assert.equal(matchShortcut(key({ key: '?', shiftKey: true }), false, false), 'show-shortcuts');
    assert.equal(matchShortcut(key({ key: '?', shiftKey: true }), true, false), null);
    assert.equal(matchShortcut(key({ key: '/' }), true, false), null);
    assert.equal(matchShortcut(key({ key: 'l', ctrlKey: true }), true, false), 'focus-composer');
  });

  it('labels every shortcut for the help panel', () => {
    for (const shortcut of SHORTCUTS) {
      for (const combo of shortcut.combos) assert.ok(comboLabel(combo, false).length > 0);
    }
    assert.equal(comboLabel({ key: 't', mod: true }, false), 'Ctrl+T');
    assert.equal(comboLabel({ key: 't', mod: true }, true), '⌘T');
  });
});
