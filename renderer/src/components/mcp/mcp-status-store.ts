import type { GroveEvent, McpServerStatus } from '@contract';
import { create } from 'zustand';
import { withoutKeys } from '../../lib/collection.js';
import { sessionsDeletedBy } from '../../stores/sessions.js';

interface McpStatusState {
  /** Per session, each server's state as its CLI last reported it (`mcp-status-updated`). */
  bySession: Record<string, McpServerStatus[]>;
}

export const useMcpStatusStore = create<McpStatusState>(() => ({ bySession: {} }));

/** Run before the sessions store, so cascades can still find the sessions of a worktree. */
export function applyMcpStatusEvent(event: GroveEvent): void {
  if (event.event === 'mcp-status-updated') {
    const { session_id, servers } = event.data;
    useMcpStatusStore.setState((state) => ({
      bySession: { ...state.bySession, [session_id]: servers },
    }));
    return;
  }
  const deleted = sessionsDeletedBy(event);
  if (deleted.length > 0) {
    useMcpStatusStore.setState((state) => ({ bySession: withoutKeys(state.bySession, deleted) }));
  }
}
