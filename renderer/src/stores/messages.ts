import type { GroveEvent } from '@contract';
import { create } from 'zustand';
import { api, errorMessage } from '../api/client.js';
import { withoutKeys } from '../lib/collection.js';
import {
  emptyBucket,
  messageEventSession,
  reduceBucket,
  HOLE,
  withLatestPage,
  withWindow,
  type MessageBucket,
} from '../lib/message-bucket.js';
import { sessionsDeletedBy } from './sessions.js';

/** History is fetched in pages of this many messages, newest first. */
export const PAGE_SIZE = 100;

interface MessagesState {
  bySession: Record<string, MessageBucket>;
  update(sessionId: string, change: (bucket: MessageBucket) => MessageBucket): void;
  drop(sessionIds: readonly string[]): void;
  /** Forget every history (after a resync); open sessions load again. */
  clear(): void;
}

export const useMessagesStore = create<MessagesState>()((set) => ({
  bySession: {},
  update: (sessionId, change) =>
    set((state) => {
      const current = state.bySession[sessionId] ?? emptyBucket();
      const next = change(current);
      return next === current ? {} : { bySession: { ...state.bySession, [sessionId]: next } };
    }),
  drop: (sessionIds) =>
    set((state) =>
      sessionIds.length ? { bySession: withoutKeys(state.bySession, sessionIds) } : {},
    ),
  clear: () => set({ bySession: {} }),
}));

const EMPTY = emptyBucket();

export function bucketOf(
  state: Pick<MessagesState, 'bySession'>,
  sessionId: string | null,
): MessageBucket {
  return (sessionId ? state.bySession[sessionId] : undefined) ?? EMPTY;
}

/** Run before the sessions store, so cascades can still find the sessions of a worktree. */
export function applyMessageEvent(event: GroveEvent): void {
  const store = useMessagesStore.getState();
  const deleted = sessionsDeletedBy(event);
  if (deleted.length > 0) {
    store.drop(deleted);
    return;
  }
  const sessionId = messageEventSession(event);
  if (sessionId) store.update(sessionId, (bucket) => reduceBucket(bucket, event));
}

const inFlight = new Set<string>();

/** Load the newest page of a session's history, unless it is loaded or loading. */
export async function ensureHistory(sessionId: string, force = false): Promise<void> {
  const bucket = bucketOf(useMessagesStore.getState(), sessionId);
  if (!force && (bucket.phase === 'ready' || inFlight.has(sessionId))) return;
  inFlight.add(sessionId);
  const { update } = useMessagesStore.getState();
  update(sessionId, (b) => ({
    ...b,
    phase: b.phase === 'ready' ? 'ready' : 'loading',
    loadError: null,
  }));
  try {
    const page = await api.call('listMessages', { sessionId }, { limit: PAGE_SIZE });
    update(sessionId, (b) => withLatestPage(b, page.messages, page.offset));
  } catch (error) {
    update(sessionId, (b) => ({ ...b, phase: 'error', loadError: errorMessage(error) }));
  } finally {
    inFlight.delete(sessionId);
  }
}

const windowsInFlight = new Set<string>();

/**
 * Load the window of PAGE_SIZE messages from position `offset`, so jumping anywhere in a long
 * history (Home, a scrollbar drag, a search hit) costs one request, not every page in between.
 */
export async function loadWindow(sessionId: string, offset: number): Promise<void> {
  const start = Math.max(0, offset);
  const key = `${sessionId}:${start}`;
  if (windowsInFlight.has(key)) return;
  windowsInFlight.add(key);
  const { update } = useMessagesStore.getState();
  update(sessionId, (b) => ({ ...b, loadingOlder: true }));
  try {
    const page = await api.call('listMessages', { sessionId }, { offset: start, limit: PAGE_SIZE });
    update(sessionId, (b) => withWindow(b, page.messages, page.offset));
  } catch (error) {
    update(sessionId, (b) => ({ ...b, loadingOlder: false, loadError: errorMessage(error) }));
  } finally {
    windowsInFlight.delete(key);
  }
}

/** Load the window just before the newest position not loaded yet (a search hit's way back). */
export async function loadOlder(sessionId: string): Promise<void> {
  const bucket = bucketOf(useMessagesStore.getState(), sessionId);
  const lastHole = bucket.ids.lastIndexOf(HOLE);
  if (lastHole === -1 || bucket.loadingOlder) return;
  await loadWindow(sessionId, lastHole - PAGE_SIZE + 1);
}

export function dismissRunError(sessionId: string): void {
  useMessagesStore.getState().update(sessionId, (b) => (b.runError ? { ...b, runError: null } : b));
}
