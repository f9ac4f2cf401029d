// A data dir at a heavy user's scale, written straight to disk in the store's own formats:
// far faster than 10,000 API calls, and what the server reads at start is the same.
import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Message, Session } from '../../server/contract/index.js';
import { markLogWhole } from '../../server/store/search-index-file.js';
import { searchableText } from '../../server/store/search-index.js';

export function benchMessage(sessionId: string, index: number): Message {
  return {
    id: randomUUID(),
    session_id: sessionId,
    role: index % 2 ? 'assistant' : 'user',
    created_at: 1_767_225_600 + index * 60,
    run_id: null,
    parts: [{ type: 'text', text: `Message ${index}: ${'lorem ipsum '.repeat(8)}` }],
    status: 'complete',
  };
}

export function transcriptText(sessionId: string, count: number): string {
  return seededHistory(sessionId, count).transcript;
}

/** A session's transcript, and the lines the store's search index holds for it. */
function seededHistory(sessionId: string, count: number) {
  let transcript = '';
  let index = '';
  for (let position = 0; position < count; position++) {
    const message = benchMessage(sessionId, position);
    transcript += `${JSON.stringify(message)}\n`;
    const line = ['a', sessionId, message.id, message.created_at, searchableText(message)];
    index += `${JSON.stringify(line)}\n`;
  }
  return { transcript, index };
}

/**
 * Grow `worktreeId`'s shard (which holds one session made through the API) to `sessions`
 * sessions of `messagesEach` messages, each in the search index too, as appends leave it.
 * Returns the session ids.
 */
export async function seedWorktree(
  dataDir: string,
  worktreeId: string,
  sessions: number,
  messagesEach: number,
): Promise<string[]> {
  const shardFile = path.join(dataDir, 'sessions', `${worktreeId}.json`);
  const shard = JSON.parse(await readFile(shardFile, 'utf8')) as { sessions: Session[] };
  const template = shard.sessions[0];
  if (!template) throw new Error('seedWorktree needs one session to copy');
  const transcripts = path.join(dataDir, 'transcripts');
  await mkdir(transcripts, { recursive: true });
  shard.sessions = [];
  for (let index = 0; index < sessions; index++) {
    const id = randomUUID();
    shard.sessions.push({ ...template, id, name: `Seeded ${index}`, message_count: messagesEach });
    if (messagesEach > 0) {
      const history = seededHistory(id, messagesEach);
      await writeFile(path.join(transcripts, `${id}.jsonl`), history.transcript);
      await appendFile(path.join(dataDir, 'search-index.jsonl'), history.index);
    }
  }
  await markSearchIndexWhole(dataDir);
  await writeFile(shardFile, JSON.stringify(shard));
  return shard.sessions.map((session) => session.id);
}

/**
 * Mark the search index log whole, as a clean close does: a log written behind the store's back
 * would otherwise be compared with every transcript at the next start, as after a crash.
 */
export async function markSearchIndexWhole(dataDir: string): Promise<void> {
  const log = path.join(dataDir, 'search-index.jsonl');
  await markLogWhole(log, (await stat(log)).size);
}
