// Shared setup for server/chat/approvals*.test.ts: the real server with the test in the CLI's
// place (ScriptedToolkit), and ways to wait for approval events.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after } from 'node:test';
import type { ApprovalAsk } from '../agents/shared/types.js';
import type { EventMap, ServerFrame, Session } from '../contract/index.js';
import type { EventHub } from '../events/hub.js';
import {
  EventRecorder,
  makeRepo,
  removeDir,
  startTestServer,
  tempDir,
  type TestServer,
} from './harness.js';
import { ScriptedToolkit } from './scripted-toolkit.js';

const dirs: string[] = [];
const closers: (() => Promise<void>)[] = [];
after(async () => {
  for (const close of closers) await close();
  await Promise.all(dirs.map(removeDir));
});

export const npmTest: ApprovalAsk = {
  tool: 'Bash',
  kind: 'command',
  input: { command: 'npm test' },
  description: 'npm test',
  commandName: 'npm',
};
export const gitStatus: ApprovalAsk = {
  ...npmTest,
  input: { command: 'git status' },
  commandName: 'git',
};
export const writeFileAsk: ApprovalAsk = {
  tool: 'Write',
  kind: 'edit',
  input: { file_path: 'a.txt', content: 'a' },
  description: 'Write a.txt',
  commandName: null,
};

/** The real server with the test in the CLI's place and two WebSocket clients (two windows). */
export async function world(dataDir?: string) {
  const toolkit = new ScriptedToolkit();
  const test = await startTestServer({
    agentToolkit: toolkit,
    ...(dataDir ? { dataDir } : {}),
  });
  const windows = [
    await EventRecorder.connect(test.server),
    await EventRecorder.connect(test.server),
  ];
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    for (const window of windows) window.close();
    await test.close();
  };
  closers.push(close);
  if (!dataDir) dirs.push(test.dataDir);
  return { test, toolkit, windows, close, api: test.api };
}

export async function newSession(
  test: TestServer,
  mode: Session['execution_mode'],
): Promise<Session> {
  const repo = await makeRepo(await tempDir('grove-approvals-repo-'));
  dirs.push(path.dirname(repo));
  const project = await test.api.post('/api/projects', { path: repo });
  assert.equal(project.status, 201, JSON.stringify(project.body));
  const worktrees = await test.api.get(`/api/projects/${project.body.id}/worktrees`);
  const created = await test.api.post<Session>(`/api/worktrees/${worktrees.body[0].id}/sessions`, {
    execution_mode: mode,
  });
  assert.equal(created.status, 201);
  return created.body;
}

/** Send a message and take the turn the scripted CLI got for it. */
export async function startRun(w: Awaited<ReturnType<typeof world>>, session: Session, index = 0) {
  const sent = await w.api.post(`/api/sessions/${session.id}/messages`, { content: 'go' });
  assert.equal(sent.status, 202);
  return w.toolkit.turn(index);
}

export function isEvent<K extends keyof EventMap>(
  name: K,
  matches: (data: EventMap[K]) => boolean,
) {
  return (frame: ServerFrame) => frame.event === name && matches(frame.data as EventMap[K]);
}

export const requestedIn = (recorder: EventRecorder, sessionId: string) =>
  recorder
    .waitFor(isEvent('approval-requested', (data) => data.session_id === sessionId))
    .then((frame) => (frame.data as EventMap['approval-requested']).approval);

export const resolvedIn = (recorder: EventRecorder, approvalId: string) =>
  recorder
    .waitFor(isEvent('approval-resolved', (data) => data.approval_id === approvalId))
    .then((frame) => (frame.data as EventMap['approval-resolved']).decision);

/** The hub keeps no public start: step back until the replay says it no longer reaches. */
export function everyBufferedEvent(hub: EventHub): ServerFrame[] {
  let events: ServerFrame[] = [];
  for (let since = hub.currentSeq; ; since--) {
    const replay = hub.replaySince(since);
    if (!replay.ok) return events;
    events = replay.events;
  }
}
