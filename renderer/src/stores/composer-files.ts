import type { Attachment } from '@contract';
import { create } from 'zustand';

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
  change(sessionId: string, change: (list: PendingFile[]) => PendingFile[]): void;
}

export const useComposerFilesStore = create<ComposerFilesState>()((set) => ({
  bySession: {},
  change: (sessionId, change) =>
    set((state) => ({
      bySession: { ...state.bySession, [sessionId]: change(state.bySession[sessionId] ?? []) },
    })),
}));
