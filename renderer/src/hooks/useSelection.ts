import type { Session, Worktree } from '@contract';
import { useMemo } from 'react';
import { resolveSessionId, resolveWorktreeId } from '../lib/selection.js';
import { useProjectsStore } from '../stores/projects.js';
import { openSessions, useSessionsStore } from '../stores/sessions.js';
import { useUiStore } from '../stores/ui.js';
import { useWorktreesStore } from '../stores/worktrees.js';

export function useCurrentWorktree(): Worktree | null {
  const selected = useUiStore((s) => s.selectedWorktreeId);
  const order = useProjectsStore((s) => s.order);
  const byProject = useWorktreesStore((s) => s.byProject);
  const byId = useWorktreesStore((s) => s.byId);
  return useMemo(() => {
    const id = resolveWorktreeId(selected, order, byProject, byId);
    return id ? (byId[id] ?? null) : null;
  }, [selected, order, byProject, byId]);
}

export function useOpenSessions(worktreeId: string | null): Session[] {
  const ids = useSessionsStore((s) => (worktreeId ? s.byWorktree[worktreeId] : undefined));
  const byId = useSessionsStore((s) => s.byId);
  return useMemo(
    () =>
      worktreeId && ids
        ? openSessions({ byId, byWorktree: { [worktreeId]: ids } }, worktreeId)
        : [],
    [worktreeId, ids, byId],
  );
}

export function useCurrentSession(
  worktreeId: string | null,
  open: readonly Session[],
): Session | null {
  const selected = useUiStore((s) =>
    worktreeId ? s.selectedSessionByWorktree[worktreeId] : undefined,
  );
  return useMemo(() => {
    const id = resolveSessionId(selected, open);
    return open.find((session) => session.id === id) ?? null;
  }, [selected, open]);
}

/** Non-hook version for keyboard shortcuts and actions. */
export function currentSelection(): {
  worktree: Worktree | null;
  open: Session[];
  session: Session | null;
} {
  const ui = useUiStore.getState();
  const worktrees = useWorktreesStore.getState();
  const worktreeId = resolveWorktreeId(
    ui.selectedWorktreeId,
    useProjectsStore.getState().order,
    worktrees.byProject,
    worktrees.byId,
  );
  const worktree = worktreeId ? (worktrees.byId[worktreeId] ?? null) : null;
  const open = worktreeId ? openSessions(useSessionsStore.getState(), worktreeId) : [];
  const sessionId = worktreeId
    ? resolveSessionId(ui.selectedSessionByWorktree[worktreeId], open)
    : null;
  return { worktree, open, session: open.find((s) => s.id === sessionId) ?? null };
}
