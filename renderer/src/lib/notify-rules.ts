import type { GroveEvent } from '@contract';

export interface NotificationText {
  title: string;
  body: string;
  /** The session's id: a newer notification about it replaces the older one. */
  tag: string;
}

/**
 * Which events deserve a desktop notification: a run that ended (done, failed), a tool call or a
 * plan that now waits for approval. Only when the window is not focused; the caller checks that.
 */
export function notificationFor(
  event: GroveEvent,
  sessionName: (sessionId: string) => string | undefined,
): NotificationText | null {
  switch (event.event) {
    case 'run-completed': {
      const name = sessionName(event.data.session_id) ?? 'A session';
      return {
        title: `${name} finished`,
        body: 'The agent is done and waiting for you.',
        tag: event.data.session_id,
      };
    }
    case 'run-failed': {
      const name = sessionName(event.data.session_id) ?? 'A session';
      return {
        title: `${name} failed`,
        body: event.data.error.message,
        tag: event.data.session_id,
      };
    }
    case 'approval-requested': {
      const name = sessionName(event.data.session_id) ?? 'A session';
      return {
        title: `${name} asks for approval`,
        body: event.data.approval.description || event.data.approval.tool,
        tag: event.data.session_id,
      };
    }
    case 'session-updated': {
      if (event.data.updates.awaiting_plan_approval !== true) return null;
      const name = sessionName(event.data.session_id) ?? 'A session';
      return {
        title: `${name} has a plan`,
        body: 'Review the plan and approve it to start building.',
        tag: event.data.session_id,
      };
    }
    default:
      return null;
  }
}
