import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { LIMITS, type GroveEvent, type Message, type Session } from '../contract/index.js';
import { hasErrorCode } from '../errors.js';
import { EventHub } from '../events/hub.js';
import type { ServiceContext } from '../services/context.js';
import { ProjectsService } from '../services/projects.js';
import { SessionsService } from '../services/sessions.js';
import { WorktreesService } from '../services/worktrees.js';
import { Store } from '../store/store.js';
import { makeRepo, removeDir, tempDir } from '../test-support/harness.js';
import { ScriptedToolkit } from '../test-support/scripted-toolkit.js';
import { ChatService } from './chat-service.js';

const dirs: string[] = [];
const closers: (() => Promise<void>)[] = [];
after(async () => {
  for (const close of closers) await close();
  await Promise.all(dirs.map(removeDir));
});

/** The real chat service over the real services and store, with the test in the CLI's place. */
async function world() {
  const dataDir = await tempDir('grove-chat-service-');
  const repo = await makeRepo();
  dirs.push(dataDir, path.dirname(repo));
  const logs: string[] = [];
  const log = (line: string) => logs.push(line);
  const store = await Store.open({ dataDir, log });
  const hub = new EventHub();
  const events: GroveEvent[] = [];
  hub.subscribe((event) => events.push(event));
  const context: ServiceContext = { store, hub, log };
  const projects = new ProjectsService(context, async () => undefined);
  const worktrees = new WorktreesService(context, projects, async () => undefined);
  const sessions = new SessionsService(context, worktrees, async (session): Promise<void> =>
    chat.stopSessions([session.id]),
  );
  const toolkit = new ScriptedToolkit();
  const chat = new ChatService(context, sessions, worktrees, toolkit);
  closers.push(async () => {
    await chat.shutdown();
    await store.close();
  });
  const project = await projects.create({ path: repo });
  const [base] = worktrees.list(project.id, false);
  assert.ok(base);
  const session = await sessions.create(base.id, { execution_mode: 'build' });
  /** Resolves with the first event `matches` takes, past or future. */
  const event = (matches: (event: GroveEvent) => boolean) =>
    new Promise<GroveEvent>((resolve) => {
      const seen = events.find(matches);
      if (seen) return resolve(seen);
      const stop = hub.subscribe((frame) => {
        if (!matches(frame)) return;
        stop();
        resolve(frame);
      });
    });
  const runEnded = (runId: string | null) =>
    event(
      (frame) =>
        frame.event.startsWith('run-') &&
        frame.event !== 'run-started' &&
        (frame.data as { run_id?: string }).run_id === runId,
    );
  return { chat, sessions, store, toolkit, session, events, logs, event, runEnded };
}

const textOf = (message: Message) =>
  message.parts.map((part) => (part.type === 'text' ? part.text : '')).join('');

const queueOf = (session: Session) => session.queue.map((item) => item.content);

describe('chat service scheduling', () => {
  it('runs queued messages one at a time, in the order they were sent', async () => {
    const { chat, sessions, store, toolkit, session, runEnded } = await world();
    const first = await chat.send(session.id, 'first');
    assert.ok(first.run_id);
    const turn1 = await toolkit.turn(0);
    assert.equal(turn1.request.prompt, 'first');
    const second = await chat.send(session.id, 'second');
    const third = await chat.send(session.id, 'third');
    assert.equal(second.run_id, null);
    assert.equal(third.queued?.content, 'third');
    assert.deepEqual(queueOf(sessions.get(session.id)), ['second', 'third']);
    assert.equal(sessions.get(session.id).status, 'running');

    turn1.end([{ type: 'part', part: { type: 'text', text: 'one' } }]);
    const turn2 = await toolkit.turn(1);
    assert.equal(turn2.request.prompt, 'second');
    assert.deepEqual(queueOf(sessions.get(session.id)), ['third']);
    turn2.end();
    const turn3 = await toolkit.turn(2);
    assert.equal(turn3.request.prompt, 'third');
    turn3.end();
    const last = await runEnded((await store.readMessages(session.id)).at(-1)?.run_id ?? null);
    assert.equal(last.event, 'run-completed');

    const done = sessions.get(session.id);
    assert.equal(done.status, 'idle');
    assert.deepEqual(done.queue, []);
    assert.equal(done.message_count, 6);
    const transcript = await store.readMessages(session.id);
    assert.deepEqual(
      transcript.map((message) => `${message.role}:${textOf(message)}`),
      ['user:first', 'assistant:one', 'user:second', 'assistant:', 'user:third', 'assistant:'],
    );
  });

  it('cancels a run still starting: no CLI is started, and the queue goes on', async () => {
    const { chat, sessions, store, toolkit, session, events, runEnded } = await world();
    const release = toolkit.holdStarts();
    const first = await chat.send(session.id, 'first');
    const second = await chat.send(session.id, 'second');
    assert.ok(second.queued);
    const cancelled = chat.cancel(session.id);
    release();
    assert.deepEqual(await cancelled, { cancelled: true });
    assert.equal((await runEnded(first.run_id)).event, 'run-cancelled');

    const turn = await toolkit.turn(0);
    assert.equal(turn.request.prompt, 'second', 'the cancelled message never reached a CLI');
    turn.end();
    const secondRun = (await store.readMessages(session.id)).find(
      (message) => textOf(message) === 'second',
    )?.run_id;
    assert.equal((await runEnded(secondRun ?? null)).event, 'run-completed');
    const transcript = await store.readMessages(session.id);
    assert.deepEqual(
      transcript.map((message) => `${message.role}:${message.status}`),
      ['user:complete', 'assistant:cancelled', 'user:complete', 'assistant:complete'],
    );
    assert.equal(sessions.get(session.id).status, 'idle');
    assert.ok(!events.some((frame) => frame.event === 'run-failed'));
  });

  it('stops a run when its session is deleted, and starts nothing queued behind it', async () => {
    const { chat, sessions, store, toolkit, session, events, logs } = await world();
    const first = await chat.send(session.id, 'first');
    await toolkit.turn(0);
    await chat.send(session.id, 'second');

    await sessions.remove(session.id);
    const order = events
      .filter((frame) => ['run-cancelled', 'session-deleted'].includes(frame.event))
      .map((frame) => frame.event);
    assert.deepEqual(order, ['run-cancelled', 'session-deleted']);
    assert.equal(
      (events.find((frame) => frame.event === 'run-cancelled')?.data as { run_id: string }).run_id,
      first.run_id,
    );
    // The queue is looked at when the run ends, before the deletion resolves.
    assert.equal(toolkit.turns.length, 1);
    assert.equal(chat.isRunning(session.id), false);
    assert.equal(store.findSession(session.id), undefined);
    assert.deepEqual(
      logs.filter((line) => /could not/.test(line)),
      [],
    );
  });

  it('approves a plan into build mode and runs the approval; a second approval is refused', async () => {
    const { chat, sessions, toolkit, session, runEnded } = await world();
    await sessions.update(session.id, { execution_mode: 'plan' });
    const planned = await chat.send(session.id, 'make a plan');
    (await toolkit.turn(0)).end([{ type: 'plan', text: '1. Do it' }]);
    assert.equal((await runEnded(planned.run_id)).event, 'run-completed');
    assert.equal(sessions.get(session.id).awaiting_plan_approval, true);

    const approved = await chat.approvePlan(session.id, undefined);
    assert.ok(approved.run_id);
    const turn = await toolkit.turn(1);
    assert.equal(turn.request.mode, 'build');
    assert.match(turn.request.prompt, /plan is approved/);
    await assert.rejects(chat.approvePlan(session.id, 'yolo'), (error) =>
      hasErrorCode(error, 'not-waiting-for-approval'),
    );
    assert.equal(sessions.get(session.id).execution_mode, 'build');
    turn.end();
    assert.equal((await runEnded(approved.run_id)).event, 'run-completed');
  });

  it('refuses a message past the queue limit with queue-full, and saves nothing of it', async () => {
    const { chat, sessions, toolkit, session, events } = await world();
    await chat.send(session.id, 'running');
    const turn = await toolkit.turn(0);
    for (let index = 0; index < LIMITS.queuedMessages; index++) {
      assert.ok((await chat.send(session.id, `queued ${index}`)).queued);
    }
    const updates = events.length;
    await assert.rejects(chat.send(session.id, 'one too many'), (error) =>
      hasErrorCode(error, 'queue-full'),
    );
    assert.equal(sessions.get(session.id).queue.length, LIMITS.queuedMessages);
    assert.equal(events.length, updates, 'nothing was announced');
    const first = sessions.get(session.id).queue[0];
    assert.ok(first);
    await chat.removeQueued(session.id, first.id);
    assert.ok((await chat.send(session.id, 'now there is room')).queued);
    await chat.cancel(session.id);
    turn.end();
  });

  it('refuses to remove a message that is not queued', async () => {
    const { chat, session } = await world();
    await assert.rejects(chat.removeQueued(session.id, 'no-such-message'), (error) =>
      hasErrorCode(error, 'not-found'),
    );
  });
});
