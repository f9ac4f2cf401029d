// POST /api/sessions/:id/fork: the conversation up to a message (with its attachments) in a new
// session; at the end the CLI's conversation is forked, from earlier the history is the context.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Message, Session } from '../contract/index.js';
import { TINY_PNG, uploadAttachment } from '../test-support/attachments.js';
import {
  EventRecorder,
  makeRepo,
  removeDir,
  startTestServer,
  type TestServer,
} from '../test-support/harness.js';
import { ScriptedToolkit } from '../test-support/scripted-toolkit.js';

describe('fork API', () => {
  const toolkit = new ScriptedToolkit();
  let server: TestServer;
  let events: EventRecorder;
  let repo: string;
  let source: Session;
  let messages: Message[];

  /** One turn: the scripted CLI names its conversation and answers. */
  const turn = async (content: string, attachments: string[] = []) => {
    const index = toolkit.turns.length;
    const sent = await server.api.post(`/api/sessions/${source.id}/messages`, {
      content,
      attachments,
    });
    (await toolkit.turn(index)).end([
      { type: 'conversation', id: 'cli-conversation' },
      { type: 'cli-message', id: `cli-${content}` },
      { type: 'part', part: { type: 'text', text: `answer to ${content}` } },
    ]);
    await events.waitFor(
      (frame) =>
        frame.event === 'run-completed' &&
        (frame.data as { run_id: string }).run_id === sent.body.run_id,
    );
  };

  before(async () => {
    repo = await makeRepo();
    server = await startTestServer({ agentToolkit: toolkit });
    events = await EventRecorder.connect(server.server);
    const project = await server.api.post('/api/projects', { path: repo });
    const worktreeId = (await server.api.get(`/api/projects/${project.body.id}/worktrees`)).body[0]
      .id;
    source = (await server.api.post(`/api/worktrees/${worktreeId}/sessions`, { name: 'Src' })).body;
    const image = await uploadAttachment(server.api, source.id, 'a.png', TINY_PNG);
    await turn('first question', [image.body.id]);
    await turn('second question');
    messages = (await server.api.get(`/api/sessions/${source.id}/messages`)).body.messages;
  });
  after(async () => {
    events.close();
    await server.close();
    await removeDir(server.dataDir);
    await removeDir(path.dirname(repo));
  });

  test('at the end, the fork forks the CLI conversation on its first run', async () => {
    const forked = await server.api.post(`/api/sessions/${source.id}/fork`, {
      message_id: messages.at(-1)?.id,
    });
    assert.equal(forked.status, 201);
    assert.equal(forked.body.name, 'Src (fork)');
    assert.equal(forked.body.message_count, 4);
    assert.deepEqual(forked.body.pending_fork, { resume_id: 'cli-conversation', context: null });
    const copied = (await server.api.get(`/api/sessions/${forked.body.id}/messages`)).body
      .messages as Message[];
    assert.deepEqual(
      copied.map((message) => message.parts),
      messages.map((message) => message.parts),
    );
    // The copied message's image is the fork's own file.
    const [image] = copied[0]?.attachments ?? [];
    assert.ok(image);
    const served = await server.api.get(`/api/sessions/${forked.body.id}/attachments/${image.id}`);
    assert.equal(served.status, 200);

    const index = toolkit.turns.length;
    await server.api.post(`/api/sessions/${forked.body.id}/messages`, { content: 'third' });
    const first = await toolkit.turn(index);
    assert.equal(first.request.forkFrom, 'cli-conversation');
    assert.equal(first.request.prompt, 'third');
    first.end([{ type: 'conversation', id: 'forked-conversation' }]);
  });

  test('at an earlier answer the CLI placed, its conversation is forked cut after it', async () => {
    const forked = await server.api.post(`/api/sessions/${source.id}/fork`, {
      message_id: messages[1]?.id,
    });
    assert.equal(forked.body.message_count, 2);
    assert.deepEqual(forked.body.pending_fork, {
      resume_id: 'cli-conversation',
      resume_at: 'cli-first question',
      context: null,
    });
    const index = toolkit.turns.length;
    await server.api.post(`/api/sessions/${forked.body.id}/messages`, { content: 'again' });
    const first = await toolkit.turn(index);
    assert.equal(first.request.forkFrom, 'cli-conversation');
    assert.equal(first.request.forkAt, 'cli-first question');
    assert.equal(first.request.prompt, 'again');
    first.end();
  });

  test('from a message no CLI placed, the history up to it is the first prompt’s context', async () => {
    // The second question: a user message, which no CLI names.
    const forked = await server.api.post(`/api/sessions/${source.id}/fork`, {
      message_id: messages[2]?.id,
    });
    assert.equal(forked.body.message_count, 3);
    const index = toolkit.turns.length;
    const again = await server.api.post(`/api/sessions/${forked.body.id}/messages`, {
      content: 'again',
    });
    const first = await toolkit.turn(index);
    assert.equal(first.request.forkFrom, null);
    assert.match(
      first.request.prompt,
      /User: first question\n\nAssistant: answer to first question/,
    );
    assert.match(first.request.prompt, /User: second question\n/);
    assert.doesNotMatch(first.request.prompt, /answer to second question/);
    assert.match(first.request.prompt, /again$/);
    first.end();
    // The question's turn did not run in the fork: neither its run nor its checkpoints come along.
    const copied = (await server.api.get(`/api/sessions/${forked.body.id}/messages`)).body
      .messages as Message[];
    assert.deepEqual(
      copied.slice(0, 3).map((message) => message.run_id),
      [messages[0]?.run_id, messages[1]?.run_id, null],
    );
    const turns = (await server.api.get(`/api/sessions/${forked.body.id}/checkpoints`)).body.turns;
    assert.deepEqual(
      turns
        .map((item: { run_id: string }) => item.run_id)
        .filter((id: string) => id !== again.body.run_id),
      [messages[0]?.run_id],
    );
  });

  test('copied turns keep their run and checkpoints, which outlive the source', async () => {
    const forked = await server.api.post(`/api/sessions/${source.id}/fork`, {
      message_id: messages.at(-1)?.id,
    });
    const copied = (await server.api.get(`/api/sessions/${forked.body.id}/messages`)).body
      .messages as Message[];
    assert.deepEqual(
      copied.map((message) => message.run_id),
      messages.map((message) => message.run_id),
    );
    const turnsOf = async (sessionId: string) =>
      (await server.api.get(`/api/sessions/${sessionId}/checkpoints`)).body.turns;
    const sourceTurns = await turnsOf(source.id);
    const forkTurns = await turnsOf(forked.body.id);
    assert.equal(forkTurns.length, 2);
    assert.deepEqual(
      forkTurns.map(({ run_id, before, after }: Record<string, string>) => [run_id, before, after]),
      sourceTurns.map(({ run_id, before, after }: Record<string, string>) => [
        run_id,
        before,
        after,
      ]),
    );

    // A throwaway source, deleted: the fork's copies of its checkpoints stay.
    const other = await server.api.post(`/api/sessions/${source.id}/fork`, {
      message_id: messages[1]?.id,
    });
    const otherMessages = (await server.api.get(`/api/sessions/${other.body.id}/messages`)).body
      .messages as Message[];
    const twice = await server.api.post(`/api/sessions/${other.body.id}/fork`, {
      message_id: otherMessages.at(-1)?.id,
    });
    assert.equal(twice.status, 201);
    assert.equal((await server.api.delete(`/api/sessions/${other.body.id}`)).status, 204);
    const runId = messages[0]?.run_id;
    const diff = await server.api.get(`/api/sessions/${twice.body.id}/checkpoints/${runId}/diff`);
    assert.equal(diff.status, 200);
    assert.equal(diff.body.run_id, runId);
  });

  test('while the source runs, its finished part forks and the running turn answers 409', async () => {
    const index = toolkit.turns.length;
    const sent = await server.api.post(`/api/sessions/${source.id}/messages`, {
      content: 'still going',
    });
    const running = await toolkit.turn(index);
    const refused = await server.api.post(`/api/sessions/${source.id}/fork`, {
      message_id: sent.body.message.id,
    });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, 'session-busy');

    const finished = await server.api.post(`/api/sessions/${source.id}/fork`, {
      message_id: messages.at(-1)?.id,
    });
    assert.equal(finished.status, 201);
    assert.equal(finished.body.message_count, messages.length);
    // Not the source's end (the running turn is): its conversation is cut after that answer.
    assert.equal(finished.body.pending_fork.resume_id, 'cli-conversation');
    assert.equal(finished.body.pending_fork.resume_at, 'cli-second question');
    running.end();
    await events.waitFor(
      (frame) =>
        frame.event === 'run-completed' &&
        (frame.data as { run_id: string }).run_id === sent.body.run_id,
    );
  });

  test('an unknown message answers 404', async () => {
    const missing = await server.api.post(`/api/sessions/${source.id}/fork`, {
      message_id: '00000000-0000-4000-8000-000000000000',
    });
    assert.equal(missing.status, 404);
  });
});
