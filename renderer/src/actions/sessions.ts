import type { Message, Session, UpdateSession } from '@contract';
import { api } from '../api/client.js';
import { reattachFiles } from './attachments.js';
import { defined, moveTo } from '../lib/collection.js';
import { bucketOf, useMessagesStore } from '../stores/messages.js';
import { openSessions, useSessionsStore } from '../stores/sessions.js';
import { usePreferencesStore } from '../stores/preferences.js';
import { useProjectsStore } from '../stores/projects.js';
import { useUiStore } from '../stores/ui.js';
import { useWorktreesStore } from '../stores/worktrees.js';
import { applyEvent, localEvent } from '../sync/apply-event.js';
import { optimistic } from './optimistic.js';

/** A new session with the server's defaults, opened as the current tab. */
export async function createSession(worktreeId: string): Promise<Session> {
  const session = await api.call('createSession', { worktreeId }, {});
  useSessionsStore.getState().insert(session);
  useUiStore.getState().selectSession(worktreeId, session.id);
  useUiStore.getState().focusComposer();
  return session;
}

/** "Fork from here": a new session with the conversation up to `messageId`, opened at once. */
export async function forkSession(sessionId: string, messageId: string): Promise<Session> {
  const session = await api.call('forkSession', { sessionId }, { message_id: messageId });
  useSessionsStore.getState().insert(session);
  useUiStore.getState().selectSession(session.worktree_id, session.id);
  useUiStore.getState().focusComposer();
  return session;
}

/**
 * "Edit and resend" on the last user message: the agent's own conversation must forget the turn
 * too, so the conversation is rewound in a fork taken just before the message (a new session
 * when it was the first), and the message, its files too, goes back into that fork's box.
 */
export async function editAndResend(
  message: Message,
  text: string,
  onError: (message: string) => void,
): Promise<void> {
  const bucket = bucketOf(useMessagesStore.getState(), message.session_id);
  const index = bucket.ids.indexOf(message.id);
  const previous = index > 0 ? bucket.ids[index - 1] : undefined;
  const source = useSessionsStore.getState().byId[message.session_id];
  let target = message.session_id;
  if (previous) target = (await forkSession(message.session_id, previous)).id;
  else if (source && !bucket.hasMore) target = (await createSession(source.worktree_id)).id;
  const ui = useUiStore.getState();
  ui.setDraft(target, text);
  reattachFiles(message, target, onError);
  ui.focusComposer();
}

/**
 * Change a session: shown at once, confirmed by the `session-updated` event. The API's answer is
 * not applied, since it can arrive after a newer event (a run finishing) and would undo it.
 */
export function updateSession(sessionId: string, patch: UpdateSession): Promise<Session> {
  return optimistic({
    show() {
      const before = useSessionsStore.getState().byId[sessionId];
      useSessionsStore.getState().patch(sessionId, defined(patch));
      return () => {
        if (!before) return;
        const revert = Object.fromEntries(
          Object.keys(patch).map((key) => [key, before[key as keyof Session]]),
        );
        useSessionsStore.getState().patch(sessionId, revert as Partial<Session>);
      };
    },
    save: () => api.call('updateSession', { sessionId }, patch),
  });
}

/** A backend switch also picks that backend's default model (project first, then global). */
export function switchBackendPatch(session: Session, backend: Session['backend']): UpdateSession {
  const worktree = useWorktreesStore.getState().byId[session.worktree_id];
  const project = worktree ? useProjectsStore.getState().byId[worktree.project_id] : undefined;
  const preferences = usePreferencesStore.getState().preferences;
  const model = project?.defaults.models[backend] ?? preferences?.default_models[backend];
  return model ? { backend, model } : { backend };
}

/** Archive a tab; the neighbour to its right (else left) becomes current. */
export async function archiveSession(sessionId: string): Promise<void> {
  const session = useSessionsStore.getState().byId[sessionId];
  if (session) selectNeighbour(session);
  await api.call('archiveSession', { sessionId });
  applyEvent(localEvent('session-archived', { session_id: sessionId }));
}

export async function unarchiveSession(sessionId: string): Promise<void> {
  const session = await api.call('unarchiveSession', { sessionId });
  applyEvent(localEvent('session-unarchived', { session_id: sessionId }));
  useUiStore.getState().selectSession(session.worktree_id, session.id);
}

export async function deleteSession(sessionId: string): Promise<void> {
  const session = useSessionsStore.getState().byId[sessionId];
  if (session) selectNeighbour(session);
  await api.call('deleteSession', { sessionId });
  applyEvent(localEvent('session-deleted', { session_id: sessionId }));
}

/** Move a tab to `index` among the open tabs; archived sessions keep their place after them. */
export async function moveSession(sessionId: string, index: number): Promise<void> {
  const state = useSessionsStore.getState();
  const session = state.byId[sessionId];
  if (!session) return;
  const worktreeId = session.worktree_id;
  const open = openSessions(state, worktreeId).map((s) => s.id);
  const reordered = moveTo(open, sessionId, index);
  if (reordered.every((id, i) => id === open[i])) return;
  const all = state.byWorktree[worktreeId] ?? [];
  const order = [...reordered, ...all.filter((id) => !reordered.includes(id))];
  const previous = [...all];
  await optimistic({
    show() {
      state.reorder(worktreeId, order);
      return () => useSessionsStore.getState().reorder(worktreeId, previous);
    },
    save: () => api.call('reorderSessions', { worktreeId }, { session_ids: order }),
  });
}

function selectNeighbour(session: Session): void {
  const ui = useUiStore.getState();
  const current = ui.selectedSessionByWorktree[session.worktree_id];
  if (current !== session.id) return;
  const open = openSessions(useSessionsStore.getState(), session.worktree_id);
  const index = open.findIndex((s) => s.id === session.id);
  const next = open[index + 1] ?? open[index - 1];
  if (next) ui.selectSession(session.worktree_id, next.id);
}
