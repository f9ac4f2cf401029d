/** Keyboard shortcuts: one table drives both the key handling and the help panel. */

export type ShortcutAction =
  | 'new-session'
  | 'next-session'
  | 'previous-session'
  | 'focus-composer'
  | 'open-settings'
  | 'show-shortcuts'
  | 'rename-session'
  | 'approve-plan'
  | 'toggle-terminal'
  | 'toggle-changes'
  | 'new-worktree'
  | 'add-project'
  | 'next-worktree'
  | 'previous-worktree'
  | 'search-messages'
  | 'toggle-sidebar';

interface Combo {
  /** `KeyboardEvent.key` (case-insensitive for letters), or a `code` when `byCode` is set. */
  key: string;
  byCode?: boolean;
  /** ⌘ on macOS, Ctrl elsewhere. */
  mod?: boolean;
  /** The Control key itself on every platform (Ctrl+Tab). */
  ctrl?: boolean;
  shift?: boolean;
  alt?: boolean;
  /** Only when focus is not in a text field (single keys such as `?`). */
  outsideText?: boolean;
}

export interface Shortcut {
  action: ShortcutAction;
  description: string;
  combos: Combo[];
}

export const SHORTCUTS: readonly Shortcut[] = [
  {
    action: 'new-session',
    description: 'New session',
    combos: [
      { key: 't', mod: true },
      { key: 'n', alt: true },
    ],
  },
  {
    action: 'new-worktree',
    description: 'New worktree in the current project',
    // By key position: Alt (Option on macOS) changes the letter a key types.
    combos: [{ key: 'KeyN', byCode: true, alt: true, shift: true }],
  },
  {
    action: 'add-project',
    description: 'Add a project',
    combos: [{ key: 'KeyA', byCode: true, alt: true, shift: true }],
  },
  {
    action: 'next-worktree',
    description: 'Next worktree',
    combos: [{ key: 'ArrowDown', alt: true }],
  },
  {
    action: 'previous-worktree',
    description: 'Previous worktree',
    combos: [{ key: 'ArrowUp', alt: true }],
  },
  {
    action: 'next-session',
    description: 'Next session',
    combos: [
      { key: 'Tab', ctrl: true },
      { key: 'BracketRight', byCode: true, mod: true, shift: true },
      { key: 'PageDown', ctrl: true },
    ],
  },
  {
    action: 'previous-session',
    description: 'Previous session',
    combos: [
      { key: 'Tab', ctrl: true, shift: true },
      { key: 'BracketLeft', byCode: true, mod: true, shift: true },
      { key: 'PageUp', ctrl: true },
    ],
  },
  {
    action: 'focus-composer',
    description: 'Focus the message box',
    combos: [
      { key: 'l', mod: true },
      { key: '/', outsideText: true },
    ],
  },
  { action: 'open-settings', description: 'Open settings', combos: [{ key: ',', mod: true }] },
  {
    action: 'show-shortcuts',
    description: 'Show keyboard shortcuts',
    combos: [{ key: '/', mod: true }, { key: '?', shift: true, outsideText: true }, { key: 'F1' }],
  },
  { action: 'rename-session', description: 'Rename the current session', combos: [{ key: 'F2' }] },
  {
    action: 'approve-plan',
    description: 'Approve the plan (when one is waiting)',
    combos: [{ key: 'Enter', mod: true }],
  },
  {
    action: 'toggle-terminal',
    description: 'Show or hide the terminal panel',
    combos: [{ key: '`', ctrl: true }],
  },
  {
    action: 'toggle-changes',
    description: 'Show or hide the Changes panel',
    combos: [{ key: 'g', mod: true, shift: true }],
  },
  {
    action: 'toggle-sidebar',
    description: 'Hide or show the sidebar',
    combos: [
      { key: 'b', mod: true },
      { key: 'Backslash', byCode: true, mod: true },
    ],
  },
  {
    action: 'search-messages',
    description: 'Search every conversation',
    combos: [
      { key: 'k', mod: true },
      { key: 'f', mod: true, shift: true },
    ],
  },
];

/** Shortcuts handled where they apply, listed in the help panel too. */
export const CONTEXT_SHORTCUTS: readonly { keys: string; description: string }[] = [
  { keys: 'Enter', description: 'Send the message' },
  { keys: 'Shift+Enter', description: 'New line in the message' },
  { keys: 'Shift+Tab', description: 'Cycle the mode: plan, build, yolo (in the message box)' },
  { keys: 'Escape', description: 'Cancel the running turn (in the message box)' },
  { keys: 'Shift+F10', description: 'Open the focused tab’s menu: rename, move, archive, delete' },
  { keys: 'Double-click a tab', description: 'Rename the session' },
  { keys: 'F2 in the sidebar', description: 'Rename the focused project or worktree' },
  { keys: 'Double-click a worktree', description: 'Rename the worktree' },
  { keys: 'Alt+Shift+← / →', description: 'Move the focused tab left or right' },
  { keys: '← / → on the sidebar’s edge', description: 'Resize the sidebar (Shift: bigger steps)' },
  { keys: 'Home / End on the sidebar’s edge', description: 'Narrowest / widest sidebar' },
  { keys: 'Enter on the sidebar’s edge', description: 'Hide the sidebar' },
  { keys: 'Delete on a terminal tab', description: 'Close that terminal (stops what runs in it)' },
  { keys: 'Escape', description: 'Close a dialog or menu' },
  { keys: 'Enter / Escape on an approval card', description: 'Allow / deny the tool call' },
];

export interface KeyLike {
  key: string;
  code: string;
  metaKey: boolean;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

export function detectMac(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
}

function matches(combo: Combo, event: KeyLike, isMac: boolean, inText: boolean): boolean {
  if (combo.outsideText && inText) return false;
  const key = combo.byCode ? event.code : event.key;
  if (key.toLowerCase() !== combo.key.toLowerCase()) return false;
  const wantMeta = combo.mod === true && isMac;
  const wantCtrl = combo.ctrl === true || (combo.mod === true && !isMac);
  if (
    event.metaKey !== wantMeta ||
    event.ctrlKey !== wantCtrl ||
    event.altKey !== (combo.alt === true)
  )
    return false;
  // `?` needs Shift on most layouts; for it the key itself is what matters.
  if (combo.key === '?') return true;
  return event.shiftKey === (combo.shift === true);
}

export function matchShortcut(
  event: KeyLike,
  inText: boolean,
  isMac = detectMac(),
): ShortcutAction | null {
  for (const shortcut of SHORTCUTS) {
    if (shortcut.combos.some((combo) => matches(combo, event, isMac, inText)))
      return shortcut.action;
  }
  return null;
}

const KEY_NAMES: Record<string, string> = {
  BracketRight: ']',
  BracketLeft: '[',
  PageDown: 'PgDn',
  PageUp: 'PgUp',
  Enter: 'Enter',
  Tab: 'Tab',
  ArrowDown: '↓',
  ArrowUp: '↑',
  Backslash: '\\',
};

export function comboLabel(combo: Combo, isMac = detectMac()): string {
  const parts: string[] = [];
  if (combo.ctrl) parts.push(isMac ? '⌃' : 'Ctrl');
  if (combo.mod) parts.push(isMac ? '⌘' : 'Ctrl');
  if (combo.alt) parts.push(isMac ? '⌥' : 'Alt');
  if (combo.shift && combo.key !== '?') parts.push(isMac ? '⇧' : 'Shift');
  const letter = /^Key([A-Z])$/.exec(combo.key)?.[1];
  const name =
    KEY_NAMES[combo.key] ??
    letter ??
    (combo.key.length === 1 ? combo.key.toUpperCase() : combo.key);
  parts.push(name);
  return parts.join(isMac ? '' : '+');
}

export function shortcutLabel(action: ShortcutAction, isMac = detectMac()): string {
  const combo = SHORTCUTS.find((shortcut) => shortcut.action === action)?.combos[0];
  return combo ? comboLabel(combo, isMac) : '';
}
