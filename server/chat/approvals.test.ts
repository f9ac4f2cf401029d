import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { ApprovalAsk } from '../agents/shared/types.js';
import type { EventMap, ServerFrame, Session } from '../contract/index.js';
import {
  EventRecorder,
  makeRepo,
  removeDir,
  startTestServer,
  tempDir,
  type TestServer,
} from '../test-support/harness.js';
import type { EventHub } from '../events/hub.js';
import { ScriptedToolkit } from '../test-support/scripted-toolkit.js';
import { PLAN_MODE_DENIAL } from './approval-policy.js';

const dirs: string[] = [];
const closers: (() => Promise<void>)[] = [];
after(async () => {
  for (const close of closers) await close();
  await Promise.all(dirs.map(removeDir));
});

const npmTest: ApprovalAsk = {
  tool: 'Bash',
  kind: 'command',
  input: { command: 'npm test' },
  description: 'npm test',
  commandName: 'npm',
};
const gitStatus: ApprovalAsk = { ...npmTest, input: { command: 'git status' }, commandName: 'git' };
const writeFileAsk: ApprovalAsk = {
  tool: 'Write',
  kind: 'edit',
  input: { file_path: 'a.txt', content: 'a' },
  description: 'Write a.txt',
  commandName: null,
};

/** The real server with the test in the CLI's place, one worktree, and two WebSocket clients. */
async function world(dataDir?: string) {
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

async function newSession(test: TestServer, mode: Session['execution_mode']): Promise<Session> {
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
async function startRun(w: Awaited<ReturnType<typeof world>>, session: Session, index = 0) {
  const sent = await w.api.post(`/api/sessions/${session.id}/messages`, { content: 'go' });
  assert.equal(sent.status, 202);
  return w.toolkit.turn(index);
}

function isEvent<K extends keyof EventMap>(name: K, matches: (data: EventMap[K]) => boolean) {
  return (frame: ServerFrame) => frame.event === name && matches(frame.data as EventMap[K]);
}

const requestedIn = (recorder: EventRecorder, sessionId: string) =>
  recorder
    .waitFor(isEvent('approval-requested', (data) => data.session_id === sessionId))
    .then((frame) => (frame.data as EventMap['approval-requested']).approval);

const resolvedIn = (recorder: EventRecorder, approvalId: string) =>
  recorder
    .waitFor(isEvent('approval-resolved', (data) => data.approval_id === approvalId))
    .then((frame) => (frame.data as EventMap['approval-resolved']).decision);

/** The hub keeps no public start: step back until the replay says it no longer reaches. */
function everyBufferedEvent(hub: EventHub): ServerFrame[] {
  let events: ServerFrame[] = [];
  for (let since = hub.currentSeq; ; since--) {
    const replay = hub.replaySince(since);
    if (!replay.ok) return events;
    events = replay.events;
  }
}

describe('approvals: the mode decides first', () => {
  it('plan denies every ask at once, saying why; nothing is asked', async () => {
    const w = await world();
    const session = await newSession(w.test, 'plan');
    const turn = await startRun(w, session);
    assert.deepEqual(await turn.io.requestApproval(writeFileAsk), {
      behavior: 'deny',
      message: PLAN_MODE_DENIAL,
    });
    assert.equal((await turn.io.requestApproval(npmTest)).behavior, 'deny');
    turn.end();
    await w.windows[0]!.waitFor(isEvent('run-completed', (data) => data.session_id === session.id));
    assert.equal(w.windows[0]!.events('approval-requested').length, 0);
  });

  it('build allows edits at once and asks for commands; yolo allows everything', async () => {
    const w = await world();
    const build = await newSession(w.test, 'build');
    const buildTurn = await startRun(w, build);
    assert.deepEqual(await buildTurn.io.requestApproval(writeFileAsk), {
      behavior: 'allow',
      always: false,
    });
    const asked = buildTurn.io.requestApproval({ ...npmTest, tool: 'WebFetch', kind: 'other' });
    const approval = await requestedIn(w.windows[0]!, build.id);
    assert.equal(approval.kind, 'other');
    await w.api.post(`/api/sessions/${build.id}/approvals/${approval.id}`, { decision: 'allow' });
    assert.equal((await asked).behavior, 'allow');
    buildTurn.end();

    const yolo = await newSession(w.test, 'yolo');
    const yoloTurn = await startRun(w, yolo, 1);
    assert.deepEqual(await yoloTurn.io.requestApproval(npmTest), {
      behavior: 'allow',
      always: false,
    });
    yoloTurn.end();
    await w.windows[0]!.waitFor(isEvent('run-completed', (data) => data.session_id === yolo.id));
    const requested = w.windows[0]!.events('approval-requested');
    assert.equal(requested.length, 1);
  });
});

describe('approvals: the user decides', () => {
  it('allow: both windows see the question and the answer; the session waits, then runs', async () => {
    const w = await world();
    const session = await newSession(w.test, 'build');
    const turn = await startRun(w, session);
    const answer = turn.io.requestApproval(npmTest);
    const [approval, seenByOther] = await Promise.all(
      w.windows.map((window) => requestedIn(window, session.id)),
    );
    assert.deepEqual(seenByOther, approval);
    assert.equal(approval!.tool, 'Bash');
    assert.equal(approval!.description, 'npm test');
    assert.equal(approval!.command_name, 'npm');
    assert.deepEqual(approval!.input, { command: 'npm test' });

    const waiting = await w.api.get(`/api/sessions/${session.id}`);
    assert.equal(waiting.body.status, 'awaiting_approval');
    assert.deepEqual(waiting.body.pending_approvals, [approval]);

    const url = `/api/sessions/${session.id}/approvals/${approval!.id}`;
    const allowed = await w.api.post(url, { decision: 'allow' });
    assert.equal(allowed.status, 200, JSON.stringify(allowed.body));
    assert.deepEqual(await answer, { behavior: 'allow', always: false });
    for (const window of w.windows) assert.equal(await resolvedIn(window, approval!.id), 'allow');
    const running = await w.api.get(`/api/sessions/${session.id}`);
    assert.equal(running.body.status, 'running');
    assert.deepEqual(running.body.pending_approvals, []);

    const again = await w.api.post(url, { decision: 'deny' });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'approval-not-pending');
    const unknown = await w.api.post(
      `/api/sessions/${session.id}/approvals/0b5f3c1e-2d4a-4b6c-8e0f-1a3c5e7f9b2d`,
      { decision: 'allow' },
    );
    assert.equal(unknown.status, 404);
    turn.end();
  });

  it('deny hands the message to the CLI', async () => {
    const w = await world();
    const session = await newSession(w.test, 'build');
    const turn = await startRun(w, session);
    const answer = turn.io.requestApproval(npmTest);
    const approval = await requestedIn(w.windows[0]!, session.id);
    const denied = await w.api.post(`/api/sessions/${session.id}/approvals/${approval.id}`, {
      decision: 'deny',
      message: 'Run the unit tests only.',
    });
    assert.equal(denied.status, 200);
    assert.deepEqual(await answer, { behavior: 'deny', message: 'Run the unit tests only.' });
    assert.equal(await resolvedIn(w.windows[1]!, approval.id), 'deny');
    turn.end();
  });

  it('allow-always allows the same command name from then on, until PATCH clears the rules', async () => {
    const w = await world();
    const session = await newSession(w.test, 'build');
    const turn = await startRun(w, session);
    const first = turn.io.requestApproval(npmTest);
    const approval = await requestedIn(w.windows[0]!, session.id);
    await w.api.post(`/api/sessions/${session.id}/approvals/${approval.id}`, {
      decision: 'allow-always',
    });
    assert.deepEqual(await first, { behavior: 'allow', always: true });
    const withRule = await w.api.get(`/api/sessions/${session.id}`);
    assert.deepEqual(withRule.body.approval_rules, [{ tool: 'Bash', command_name: 'npm' }]);

    assert.deepEqual(
      await turn.io.requestApproval({ ...npmTest, input: { command: 'npm run build' } }),
      {
        behavior: 'allow',
        always: false,
      },
    );
    // Another command name still asks.
    const other = turn.io.requestApproval(gitStatus);
    const gitApproval = await w.windows[0]!.waitFor(
      isEvent('approval-requested', (data) => data.approval.command_name === 'git'),
    );
    const gitId = (gitApproval.data as EventMap['approval-requested']).approval.id;
    await w.api.post(`/api/sessions/${session.id}/approvals/${gitId}`, { decision: 'allow' });
    assert.equal((await other).behavior, 'allow');

    const cleared = await w.api.patch(`/api/sessions/${session.id}`, { approval_rules: [] });
    assert.equal(cleared.status, 200);
    assert.deepEqual(cleared.body.approval_rules, []);
    const askedAgain = turn.io.requestApproval(npmTest);
    const third = await w.windows[0]!.waitFor(
      isEvent(
        'approval-requested',
        (data) => data.approval.id !== approval.id && data.approval.command_name === 'npm',
      ),
    );
    const thirdId = (third.data as EventMap['approval-requested']).approval.id;
    await w.api.post(`/api/sessions/${session.id}/approvals/${thirdId}`, { decision: 'deny' });
    assert.equal((await askedAgain).behavior, 'deny');
    turn.end();
  });
});

describe('approvals: a run that stops while one waits', () => {
  it('cancel ends the run, resolves the approval as cancelled and tells the CLI no', async () => {
    const w = await world();
    const session = await newSession(w.test, 'build');
    const turn = await startRun(w, session);
    const answer = turn.io.requestApproval(npmTest);
    const approval = await requestedIn(w.windows[0]!, session.id);
    const cancelled = await w.api.post(`/api/sessions/${session.id}/cancel`);
    assert.deepEqual(cancelled.body, { cancelled: true });
    assert.equal((await answer).behavior, 'deny');
    for (const window of w.windows)
      assert.equal(await resolvedIn(window, approval.id), 'cancelled');
    await w.windows[0]!.waitFor(isEvent('run-cancelled', (data) => data.session_id === session.id));
    const after = await w.api.get(`/api/sessions/${session.id}`);
    assert.equal(after.body.status, 'idle');
    assert.deepEqual(after.body.pending_approvals, []);
    const late = await w.api.post(`/api/sessions/${session.id}/approvals/${approval.id}`, {
      decision: 'allow',
    });
    assert.equal(late.status, 409);
  });

  it('a restart expires it: announced, answered 409, and the run marked interrupted', async () => {
    const w = await world();
    const session = await newSession(w.test, 'build');
    const turn = await startRun(w, session);
    void turn.io.requestApproval(npmTest);
    const approval = await requestedIn(w.windows[0]!, session.id);
    // What a crash leaves on disk: the shard as it was while the approval waited.
    const shardFile = path.join(w.test.dataDir, 'sessions', `${session.worktree_id}.json`);
    const crashImage = await readFile(shardFile, 'utf8');
    await w.close();
    await writeFile(shardFile, crashImage);

    const again = await world(w.test.dataDir);
    // Published during start-up, before any client could connect: read from the hub's buffer.
    const expired = everyBufferedEvent(again.test.server.hub).find(
      isEvent('approval-resolved', (data) => data.approval_id === approval.id),
    );
    assert.equal((expired?.data as EventMap['approval-resolved'] | undefined)?.decision, 'expired');
    const late = await again.api.post(`/api/sessions/${session.id}/approvals/${approval.id}`, {
      decision: 'allow',
    });
    assert.equal(late.status, 409);
    assert.match(late.body.error.message, /expired/);
    const stored = await again.api.get(`/api/sessions/${session.id}`);
    assert.equal(stored.body.status, 'idle');
    assert.deepEqual(stored.body.pending_approvals, []);
    assert.equal(stored.body.messages.at(-1).status, 'interrupted');
  });
});
