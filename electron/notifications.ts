import type { GroveEvent } from '../server/contract/index.js';
import type { EventHub } from '../server/events/hub.js';
import type { Services } from '../server/routes/services.js';

export interface Notice {
  title: string;
  body: string;
  sessionId: string;
}

const MAX_BODY = 200;

/**
 * The session an event needs the user for: its run ended, its agent asks permission, or its
 * plan awaits approval.
 */
function sessionNeedingUser(event: GroveEvent): string | null {
  if (
    event.event === 'run-completed' ||
    event.event === 'run-failed' ||
    event.event === 'approval-requested'
  )
    return event.data.session_id;
  if (event.event === 'session-updated' && event.data.updates.awaiting_plan_approval === true) {
    return event.data.session_id;
  }
  return null;
}

/**
 * The notice for an event that needs the user: a run that ended by itself (a cancelled run was
 * the user's own doing), a tool call waiting for approval, or a plan that waits for approval.
 * Null for every other event.
 */
export function runNotice(event: GroveEvent, services: Services): Notice | null {
  const sessionId = sessionNeedingUser(event);
  if (!sessionId) return null;
  let name = 'A session';
  let place = '';
  try {
    const session = services.sessions.get(sessionId);
    const worktree = services.worktrees.get(session.worktree_id);
    const project = services.projects.get(worktree.project_id);
    name = session.name;
    place = `${project.name} › ${worktree.name}`;
  } catch {
    // Deleted meanwhile: the notice still says what happened.
  }
  switch (event.event) {
    case 'run-completed':
      return { title: `${name} finished`, body: place || 'The agent has finished.', sessionId };
    case 'run-failed': {
      const reason = event.data.error.message;
      return { title: `${name} failed`, body: clip(reason), sessionId };
    }
    case 'approval-requested':
      return {
        title: `${name} asks for approval`,
        body: clip(event.data.approval.description || event.data.approval.tool),
        sessionId,
      };
    default:
      return {
        title: `${name} has a plan`,
        body: 'Review the plan and approve it to start building.',
        sessionId,
      };
  }
}

/**
 * Show an OS notification when a run ends (or a plan is ready) while Grove's window is in the
 * background: not focused, hidden or closed. Returns the unsubscribe function.
 */
export function notifyFinishedRuns(deps: {
  hub: Pick<EventHub, 'subscribe'>;
  services: Services;
  inBackground: () => boolean;
  notify: (notice: Notice) => void;
}): () => void {
  return deps.hub.subscribe((event) => {
    if (!sessionNeedingUser(event) || !deps.inBackground()) return;
    const notice = runNotice(event, deps.services);
    if (notice) deps.notify(notice);
  });
}

function clip(text: string): string {
  return text.length > MAX_BODY ? `${text.slice(0, MAX_BODY - 1)}…` : text;
}
