import type { GroveEvent } from '@contract';
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { withoutKeys } from '../lib/collection.js';
import { sessionsDeletedBy } from './sessions.js';

/** Which modal is open; at most one at a time. */
export type DialogState =
  | { kind: 'add-project' }
  | { kind: 'new-worktree'; projectId: string }
  | { kind: 'delete-worktree'; worktreeId: string }
  | { kind: 'remove-project'; projectId: string }
  | { kind: 'delete-session'; sessionId: string }
  | { kind: 'settings' }
  | { kind: 'shortcuts' }
  | { kind: 'search' }
  | { kind: 'turn-changes'; sessionId: string; runId: string }
  | { kind: 'restore-turn'; sessionId: string; runId: string };

/** A message to bring into view once its session is open (from search). */
export interface JumpTarget {
  sessionId: string;
  messageId: string;
}

interface UiState {
  selectedWorktreeId: string | null;
  /** The open tab of each worktree, so switching worktrees comes back to the same session. */
  selectedSessionByWorktree: Record<string, string>;
  collapsedProjects: Record<string, boolean>;
  showArchivedWorktrees: Record<string, boolean>;
  dialog: DialogState | null;
  /** The element id a closing dialog hands focus to (what it created); else its opener. */
  focusAfterDialog: string | null;
  /** Unsent text per session; kept for this window only. */
  drafts: Record<string, string>;
  /** Bumped to ask the composer to take focus. */
  composerFocusRequest: number;
  /** A session whose tab should enter rename mode. */
  renamingSessionId: string | null;
  jumpTarget: JumpTarget | null;
  /** The message the last jump brought into view, marked until the next one. */
  jumpedMessageId: string | null;
  selectWorktree(worktreeId: string | null): void;
  selectSession(worktreeId: string, sessionId: string): void;
  toggleProject(projectId: string): void;
  toggleArchivedWorktrees(projectId: string): void;
  openDialog(dialog: DialogState): void;
  closeDialog(focusId?: string): void;
  setDraft(sessionId: string, text: string): void;
  focusComposer(): void;
  startRename(sessionId: string | null): void;
  jumpTo(target: JumpTarget | null): void;
  jumped(messageId: string | null): void;
}

export const useUiStore = create<UiState>()(
  persist(
    (set) => ({
      selectedWorktreeId: null,
      selectedSessionByWorktree: {},
      collapsedProjects: {},
      showArchivedWorktrees: {},
      dialog: null,
      focusAfterDialog: null,
      drafts: {},
      composerFocusRequest: 0,
      renamingSessionId: null,
      jumpTarget: null,
      jumpedMessageId: null,
      selectWorktree: (worktreeId) => set({ selectedWorktreeId: worktreeId }),
      selectSession: (worktreeId, sessionId) =>
        set((state) => ({
          selectedWorktreeId: worktreeId,
          selectedSessionByWorktree: {
            ...state.selectedSessionByWorktree,
            [worktreeId]: sessionId,
          },
        })),
      toggleProject: (projectId) =>
        set((state) => ({
          collapsedProjects: {
            ...state.collapsedProjects,
            [projectId]: !state.collapsedProjects[projectId],
          },
        })),
      toggleArchivedWorktrees: (projectId) =>
        set((state) => ({
          showArchivedWorktrees: {
            ...state.showArchivedWorktrees,
            [projectId]: !state.showArchivedWorktrees[projectId],
          },
        })),
      openDialog: (dialog) => set({ dialog, focusAfterDialog: null }),
      closeDialog: (focusId) => set({ dialog: null, focusAfterDialog: focusId ?? null }),
      setDraft: (sessionId, text) =>
        set((state) => ({ drafts: { ...state.drafts, [sessionId]: text } })),
      focusComposer: () =>
        set((state) => ({ composerFocusRequest: state.composerFocusRequest + 1 })),
      startRename: (sessionId) => set({ renamingSessionId: sessionId }),
      jumpTo: (target) => set({ jumpTarget: target }),
      jumped: (messageId) => set({ jumpTarget: null, jumpedMessageId: messageId }),
    }),
    {
      name: 'grove.ui',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: (state) => ({
        selectedWorktreeId: state.selectedWorktreeId,
        selectedSessionByWorktree: state.selectedSessionByWorktree,
        collapsedProjects: state.collapsedProjects,
        showArchivedWorktrees: state.showArchivedWorktrees,
      }),
      migrate: (persisted) => persisted as UiState,
    },
  ),
);

/**
 * A deleted session's draft goes with it, and so does its place as the open tab of its worktree.
 * Run before the sessions store, so cascades can still find the sessions of a worktree.
 */
export function applyUiEvent(event: GroveEvent): void {
  const deleted = new Set(sessionsDeletedBy(event));
  if (deleted.size === 0) return;
  useUiStore.setState((state) => ({
    drafts: withoutKeys(state.drafts, deleted),
    selectedSessionByWorktree: Object.fromEntries(
      Object.entries(state.selectedSessionByWorktree).filter(([, id]) => !deleted.has(id)),
    ),
  }));
}
