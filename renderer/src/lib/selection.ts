import type { Session, Worktree } from '@contract';

/**
 * Which worktree and session are current. The UI store remembers what the user picked; these
 * fall back to something sensible when that no longer exists (deleted, archived, first start).
 */

export function resolveWorktreeId(
  selected: string | null,
  projectOrder: readonly string[],
  byProject: Readonly<Record<string, readonly string[]>>,
  byId: Readonly<Record<string, Worktree>>,
): string | null {
  if (selected && byId[selected]) return selected;
  for (const projectId of projectOrder) {
    const first = (byProject[projectId] ?? []).find((id) => byId[id]?.archived_at === null);
    if (first) return first;
  }
  return null;
}

export function resolveSessionId(
  selected: string | undefined,
  open: readonly Session[],
): string | null {
  if (selected && open.some((session) => session.id === selected)) return selected;
  return open[0]?.id ?? null;
}

/** The tab `step` places away from the current one, wrapping around. */
export function siblingSessionId(
  open: readonly Session[],
  currentId: string | null,
  step: 1 | -1,
): string | null {
  if (open.length === 0) return null;
  const index = open.findIndex((session) => session.id === currentId);
  const next = index === -1 ? 0 : (index + step + open.length) % open.length;
  return open[next]?.id ?? null;
}

/**
 * The worktree `step` rows away from the current one in the sidebar's order (projects in order,
 * their active worktrees in order), wrapping around.
 */
export function siblingWorktreeId(
  projectOrder: readonly string[],
  byProject: Readonly<Record<string, readonly string[]>>,
  byId: Readonly<Record<string, Worktree>>,
  currentId: string | null,
  step: 1 | -1,
): string | null {
  const rows = projectOrder.flatMap((projectId) =>
    (byProject[projectId] ?? []).filter((id) => byId[id]?.archived_at === null),
  );
  if (rows.length === 0) return null;
  const index = currentId ? rows.indexOf(currentId) : -1;
  const next = index === -1 ? 0 : (index + step + rows.length) % rows.length;
  return rows[next] ?? null;
}
