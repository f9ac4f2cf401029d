// Stores and messages for the search index's tests.
import { randomUUID } from 'node:crypto';
import type { Message, Session, Worktree } from '../contract/index.js';
import { Store } from '../store/store.js';
import { session, worktree } from './crash-scenario.js';

/** An assistant message whose searchable text is `text` (its thinking is not searched). */
export function textMessage(sessionId: string, text: string, createdAt: number): Message {
  return {
    id: randomUUID(),
    session_id: sessionId,
    role: 'assistant',
    created_at: createdAt,
    run_id: null,
    parts: [
      { type: 'thinking', text: 'hidden thoughts' },
      { type: 'text', text },
    ],
    status: 'complete',
  };
}

export function sessionRecord(id: string, worktreeId: string): Session {
  return { ...session('Session'), id, worktree_id: worktreeId };
}

export function worktreeRecord(id: string): Worktree {
  return { ...worktree(), id };
}

/**
 * A store in `dataDir`, its search index loaded, whose one session (in the catalog, so a rebuild
 * finds it) holds `texts`.
 */
export async function storeWithSession(
  dataDir: string,
  texts: string[],
): Promise<{ store: Store; sessionId: string; messages: Message[] }> {
  const store = await Store.open({ dataDir, log: () => undefined });
  // As the server does once it listens.
  store.loadSearchIndex();
  return { store, ...(await addSession(store, texts)) };
}

/** A new session in a new worktree of `store`, holding `texts`. */
export async function addSession(
  store: Store,
  texts: string[],
): Promise<{ sessionId: string; messages: Message[] }> {
  const worktreeId = randomUUID();
  const sessionId = randomUUID();
  await store.updateSessions(worktreeId, (sessions) => {
    sessions.push(sessionRecord(sessionId, worktreeId));
  });
  await store.updateCatalog((catalog) => {
    catalog.worktrees.push(worktreeRecord(worktreeId));
  });
  const messages: Message[] = [];
  for (const [at, text] of texts.entries()) {
    messages.push(textMessage(sessionId, text, at + 1));
    await store.appendMessage(messages.at(-1) as Message);
  }
  return { sessionId, messages };
}

export const everySession = (): boolean => true;

/** The texts of the messages `query` finds, newest first. */
export async function found(store: Store, query: string): Promise<string[]> {
  return (await store.searchMessages(query, 10, everySession)).map((hit) => hit.text);
}
