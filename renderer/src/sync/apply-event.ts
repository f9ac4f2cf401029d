import type { GroveEvent } from '@contract';
import { applyChangesEvent } from '../stores/changes.js';
import { applyComposerEvent } from '../stores/composer-files.js';
import { applyMessageEvent } from '../stores/messages.js';
import { applyPreferencesEvent } from '../stores/preferences.js';
import { applyProjectEvent } from '../stores/projects.js';
import { applySessionEvent } from '../stores/sessions.js';
import { applyUiEvent } from '../stores/ui.js';
import { applyWorktreeEvent } from '../stores/worktrees.js';
import { applyTerminalEvent } from '../components/terminal/terminal-store.js';
import { applyMcpStatusEvent } from '../components/mcp/mcp-status-store.js';

/**
 * Apply one server event to every store. Children go first (per-session state, sessions, worktrees,
 * then projects) so that a cascading delete can still look up what belonged to the parent. Applying
 * the same event twice leaves the same state, except text fragments, which the seq check guards.
 */
export function applyEvent(event: GroveEvent): void {
  applyTerminalEvent(event);
  applyMessageEvent(event);
  applyMcpStatusEvent(event);
  applyComposerEvent(event);
  applyUiEvent(event);
  applySessionEvent(event);
  applyWorktreeEvent(event);
  applyProjectEvent(event);
  applyPreferencesEvent(event);
  applyChangesEvent(event);
}

/** Build an event the way the server would send it, for applying an API answer locally. */
export function localEvent<K extends GroveEvent['event']>(
  event: K,
  data: Extract<GroveEvent, { event: K }>['data'],
): GroveEvent {
  return { event, data, seq: 0 } as GroveEvent;
}
