import type { GroveEvent, McpServerStatus } from '@contract';
import { create } from 'zustand';
import { withoutKeys } from '../../lib/collection.js';

interface McpStatusState {
  /** Per session, each server's state as its CLI last reported it (`mcp-status-updated`). */
  bySession: Record<string, McpServerStatus[]>;
}

export const useMcpStatusStore = create<McpStatusState>(() => ({ bySession: {} }));

export function applyMcpStatusEvent(event: GroveEvent): void {
  if (event.event === 'mcp-status-updated') {
    const { session_id, servers } = event.data;
    useMcpStatusStore.setState((state) => ({
      bySession: { ...state.bySession, [session_id]: servers },
    }));
  } else if (event.event === 'session-deleted') {
    useMcpStatusStore.setState((state) => ({
      bySession: withoutKeys(state.bySession, [event.data.session_id]),
    }));
  }
}
