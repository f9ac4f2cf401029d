import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import type { Usage } from '../server/contract/index.js';
import { notifyFinishedRuns, type Notice } from './notifications.js';
import { addSession, removeDir, removeRepos, startGrove } from './test-support/grove.js';

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await removeRepos();
});

async function world(background: boolean) {
  const { server, dataDir } = await startGrove();
  cleanups.push(async () => {
    await server.close();
    await removeDir(dataDir);
  });
  const session = await addSession(server, 'Write docs');
  const run = { session_id: session.id, worktree_id: session.worktree_id, run_id: randomUUID() };
  const notices: Notice[] = [];
  const state = { background };
  const stop = notifyFinishedRuns({
    hub: server.hub,
    services: server.services,
    inBackground: () => state.background,
    notify: (notice) => notices.push(notice),
  });
  return { server, session, run, notices, state, stop };
}

const usage: Usage = {
  input_tokens: 10,
  output_tokens: 20,
  cache_read_tokens: 0,
  cache_write_tokens: 0,
  reasoning_tokens: 0,
  cost_usd: null,
  duration_ms: 1200,
};

test('a run that finishes while the window is in the background is announced', async () => {
  const { server, session, run, notices } = await world(true);
  server.hub.publish('run-completed', { ...run, usage });
  assert.equal(notices.length, 1);
  assert.equal(notices[0]?.title, 'Write docs finished');
  assert.match(notices[0]?.body ?? '', /› base$/);
  assert.equal(notices[0]?.sessionId, session.id);
});

test('a failed run is announced with its reason', async () => {
  const { server, run, notices } = await world(true);
  server.hub.publish('run-failed', {
    ...run,
    error: { code: 'agent-crashed', message: 'claude exited with code 1' },
  });
  assert.deepEqual(
    notices.map(({ title, body }) => ({ title, body })),
    [{ title: 'Write docs failed', body: 'claude exited with code 1' }],
  );
});

test('a plan waiting for approval is announced too', async () => {
  const { server, session, notices } = await world(true);
  await server.services.sessions.apply(session.id, (current) => ({
    ...current,
    awaiting_plan_approval: true,
  }));
  await server.services.sessions.apply(session.id, (current) => ({ ...current, model: 'other' }));
  assert.deepEqual(
    notices.map(({ title }) => title),
    ['Write docs has a plan'],
  );
});

test('a tool call waiting for approval is announced with its command', async () => {
  const { server, session, notices } = await world(true);
  server.hub.publish('approval-requested', {
    session_id: session.id,
    worktree_id: session.worktree_id,
    approval: {
      id: randomUUID(),
      tool: 'Bash',
      kind: 'command',
      input: { command: 'npm test' },
      description: 'npm test',
      command_name: 'npm',
      created_at: 1,
    },
  });
  assert.deepEqual(
    notices.map(({ title, body }) => ({ title, body })),
    [{ title: 'Write docs asks for approval', body: 'npm test' }],
  );
});

test('nothing while the window is in front, for cancelled runs, or for other events', async () => {
  const { server, run, notices, state } = await world(false);
  server.hub.publish('run-completed', { ...run, usage });
  state.background = true;
  server.hub.publish('run-cancelled', run);
  server.hub.publish('run-started', { ...run, backend: 'claude', message_id: randomUUID() });
  assert.deepEqual(notices, []);
});

test('a run of a session deleted meanwhile still gets a plain notice; unsubscribing stops them', async () => {
  const { server, run, notices, stop } = await world(true);
  server.hub.publish('run-completed', { ...run, session_id: randomUUID(), usage });
  assert.deepEqual(
    notices.map(({ title, body }) => ({ title, body })),
    [{ title: 'A session finished', body: 'The agent has finished.' }],
  );
  stop();
  server.hub.publish('run-completed', { ...run, usage });
  assert.equal(notices.length, 1);
});
