import type { Attachment, GroveEvent } from '@contract';
import { create } from 'zustand';
import { withoutKeys } from '../lib/collection.js';
import { sessionsDeletedBy, useSessionsStore } from './sessions.js';

/** A file being uploaded (no attachment yet) or ready to go with the next message. */
export interface PendingFile {
  key: number;
  name: string;
  attachment: Attachment | null;
}

interface ComposerFilesState {
  /**
   * The files going with each session's next message, beside its draft: switching tabs keeps
   * them, and "Edit and resend" can put a message's files back into another session's box.
   */
  bySession: Record<string, PendingFile[]>;
  /** Change a session's list; a session no longer known (deleted meanwhile) gets none again. */
  change(sessionId: string, change: (list: PendingFile[]) => PendingFile[]): void;
}

export const useComposerFilesStore = create<ComposerFilesState>()((set) => ({
  bySession: {},
  change: (sessionId, change) =>
    set((state) =>
      useSessionsStore.getState().byId[sessionId]
        ? {
            bySession: {
              ...state.bySession,
              [sessionId]: change(state.bySession[sessionId] ?? []),
            },
          }
        : state,
    ),
}));

/**
 * A deleted session's unsent files go with it (they would stay in memory until reload). Run
 * before the sessions store, so cascades can still find the sessions of a worktree.
 */
export function applyComposerEvent(event: GroveEvent): void {
  const deleted = sessionsDeletedBy(event);
  if (deleted.length === 0) return;
  useComposerFilesStore.setState((state) => ({ bySession: withoutKeys(state.bySession, deleted) }));
}
