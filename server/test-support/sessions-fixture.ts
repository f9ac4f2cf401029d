// Shared setup for the sessions-*.test.ts files; it declares no tests of its own. (It is named
// like a test file only because that is where the sessions work may add files; it belongs in
// server/test-support/ when that folder is next open.)
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Message, ServerFrame, Session } from '../contract/index.js';
import { realFiles } from '../store/file-layer.js';
import { logPath } from '../store/session-shard.js';
import { readLogEntries, replayEntries } from '../store/shard-log-entries.js';
import { TranscriptFile } from '../store/transcript.js';
import {
  EventRecorder,
  makeRepo,
  removeDir,
  startTestServer,
  tempDir,
  type ApiClient,
  type TestServer,
} from './harness.js';

/** A real server on port 0 over a fresh data dir, plus a folder for the git repos it manages. */
export interface SessionsWorld {
  test: TestServer;
  api: ApiClient;
  dataDir: string;
  /** A new project over a new real git repository; resolves with its base worktree's id. */
  newWorktree(): Promise<string>;
  newProject(): Promise<{ projectId: string; worktreeId: string }>;
  /** One worktree kept for `settle`'s marker sessions, so they never mix with a test's own. */
  markerWorktree(): Promise<string>;
  /** Stop the server, keeping the data dir (for restart tests); safe to call twice. */
  stop(): Promise<void>;
  /** Stop the server and remove every folder it used. */
  close(): Promise<void>;
}

export async function startWorld(): Promise<SessionsWorld> {
  const test = await startTestServer();
  const repos = await tempDir('grove-sessions-repos-');
  // git is slow to spawn; each project gets a copy of one real repository instead of a fresh init.
  const template = await makeRepo(repos);
  const newProject = async () => {
    const repo = path.join(await mkdtemp(path.join(repos, 'r-')), 'repo');
    await cp(template, repo, { recursive: true });
    const project = await test.api.post('/api/projects', { path: repo });
    assert.equal(project.status, 201, JSON.stringify(project.body));
    const worktrees = await test.api.get(`/api/projects/${project.body.id}/worktrees`);
    const worktreeId: string = worktrees.body[0].id;
    return { projectId: project.body.id as string, worktreeId };
  };
  let markers: Promise<string> | null = null;
  let stopped: Promise<void> | null = null;
  const stop = () => (stopped ??= test.close());
  return {
    test,
    api: test.api,
    dataDir: test.dataDir,
    newProject,
    newWorktree: async () => (await newProject()).worktreeId,
    markerWorktree: () => (markers ??= newProject().then((project) => project.worktreeId)),
    stop,
    async close() {
      try {
        await stop();
      } finally {
        await Promise.all([removeDir(repos), removeDir(test.dataDir)]);
      }
    },
  };
}

export async function createSession(
  api: ApiClient,
  worktreeId: string,
  body: Record<string, unknown> = {},
): Promise<Session> {
  const response = await api.post<Session>(`/api/worktrees/${worktreeId}/sessions`, body);
  assert.equal(response.status, 201, JSON.stringify(response.body));
  return response.body;
}

export async function listSessions(
  api: ApiClient,
  worktreeId: string,
  includeArchived = false,
): Promise<Session[]> {
  const query = includeArchived ? '?include_archived=true' : '';
  const response = await api.get<Session[]>(`/api/worktrees/${worktreeId}/sessions${query}`);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body;
}

export const shardFile = (dataDir: string, worktreeId: string): string =>
  path.join(dataDir, 'sessions', `${worktreeId}.json`);

/** Everything on disk for a worktree's sessions: its snapshot's text, then its log's. */
export async function shardText(dataDir: string, worktreeId: string): Promise<string> {
  const file = shardFile(dataDir, worktreeId);
  const read = (name: string) => readFile(name, 'utf8').catch(() => '');
  return `${await read(file)}\n${await read(logPath(file))}`;
}

/**
 * What a crash would leave of a worktree's session files right now; the function it resolves
 * with puts them back so (after a clean stop rewrote them).
 */
export async function shardCrashImage(
  dataDir: string,
  worktreeId: string,
): Promise<() => Promise<void>> {
  const file = shardFile(dataDir, worktreeId);
  const names = [file, `${file}.bak`, logPath(file)];
  const image = await Promise.all(names.map((name) => readFile(name).catch(() => null)));
  return async () => {
    for (const [index, name] of names.entries()) {
      const contents = image[index];
      if (contents) await writeFile(name, contents);
      else await rm(name, { force: true });
    }
  };
}

/** The sessions a restart would load for a worktree: its snapshot with its log replayed. */
export async function storedSessions(dataDir: string, worktreeId: string): Promise<Session[]> {
  const file = shardFile(dataDir, worktreeId);
  const snapshot: unknown = JSON.parse(
    await readFile(file, 'utf8').catch(() => '{"schema_version":1,"sessions":[]}'),
  );
  const { entries } = await readLogEntries(logPath(file), () => undefined, realFiles);
  return (replayEntries(snapshot, entries) as { sessions: Session[] }).sessions;
}

export const transcriptFile = (dataDir: string, sessionId: string): string =>
  path.join(dataDir, 'transcripts', `${sessionId}.jsonl`);

/**
 * Append `count` messages to a session's transcript through the store's own transcript writer
 * (what `Store.appendMessage` calls), alternating user and assistant, oldest first.
 */
export async function seedMessages(
  dataDir: string,
  sessionId: string,
  count: number,
): Promise<Message[]> {
  const transcript = new TranscriptFile(transcriptFile(dataDir, sessionId), () => undefined);
  const messages: Message[] = [];
  for (let index = 0; index < count; index++) {
    const message: Message = {
      id: randomUUID(),
      session_id: sessionId,
      role: index % 2 === 0 ? 'user' : 'assistant',
      created_at: 1_767_225_600 + index,
      run_id: null,
      parts: [{ type: 'text', text: `message ${index}` }],
      status: 'complete',
    };
    await transcript.append(message);
    messages.push(message);
  }
  return messages;
}

/** Everything a rejected request must leave exactly as it was. */
export interface StoreSnapshot {
  shard: string | null;
  catalog: string | null;
  /** File name to contents, for every file under sessions/ and transcripts/. */
  files: Record<string, string>;
  sessions: Session[];
}

export async function snapshotStore(
  world: SessionsWorld,
  worktreeId: string,
): Promise<StoreSnapshot> {
  const readOrNull = (file: string) => readFile(file, 'utf8').catch(() => null);
  const files: Record<string, string> = {};
  for (const folder of ['sessions', 'transcripts']) {
    for (const name of (await readdir(path.join(world.dataDir, folder))).sort()) {
      files[`${folder}/${name}`] = (await readOrNull(path.join(world.dataDir, folder, name))) ?? '';
    }
  }
  return {
    shard: await readOrNull(shardFile(world.dataDir, worktreeId)),
    catalog: await readOrNull(path.join(world.dataDir, 'catalog.json')),
    files,
    sessions: await listSessions(world.api, worktreeId, true),
  };
}

/**
 * Wait until `recorders` have received every event published so far: make one more real change
 * (a session in a worktree of its own) and wait for its event on each. Events on one connection
 * arrive in order, so anything sent before it has arrived too.
 */
export async function settle(
  world: SessionsWorld,
  recorders: readonly EventRecorder[],
): Promise<void> {
  const marker = await createSession(world.api, await world.markerWorktree(), { name: 'marker' });
  await Promise.all(
    recorders.map((recorder) =>
      recorder.waitFor(
        (frame) => sessionIdOf(frame) === marker.id && frame.event === 'session-created',
      ),
    ),
  );
}

/** The session an event is about, if it is a session event. */
export function sessionIdOf(frame: ServerFrame): string | undefined {
  const data = frame.data as { session?: { id?: string }; session_id?: string };
  return data.session_id ?? data.session?.id;
}

export function eventsAbout(recorder: EventRecorder, sessionId: string): ServerFrame[] {
  return recorder.events().filter((frame) => sessionIdOf(frame) === sessionId);
}

export function connect(world: SessionsWorld, query = ''): Promise<EventRecorder> {
  return EventRecorder.connect(world.test.server, query);
}
