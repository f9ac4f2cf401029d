import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Backend, GroveEvent } from '../../server/contract/index.js';
import { gate } from '../model-stub/index.js';
import { startChatRig, streamedText, waitForRun, type ChatRig } from './chat-harness.js';
import { nothingAddedIn, processesIn } from '../../server/test-support/processes.js';

/**
 * The chat behaviours every backend must show, run against its real CLI and the model stub.
 * Each scenario scripts the model with a unique phrase so scenarios cannot answer each other.
 */
export function defineChatScenarios(backend: Backend): void {
  describe(`chat with the real ${backend} CLI`, { concurrency: false }, () => {
    let rig: ChatRig;
    before(async () => {
      rig = await startChatRig(backend);
    });
    after(async () => {
      await rig.close();
    });

    const session = async (body: Record<string, unknown> = {}) =>
      (await rig.createSession(body)).id;
    const getSession = async (id: string) => (await rig.test.api.get(`/api/sessions/${id}`)).body;

    test('a text answer streams to clients and is persisted', async () => {
      rig.stub.script('Say hello alpha', [
        [{ thinking: 'Greeting the user.' }, { text: 'Hello from the alpha stub.' }],
      ]);
      const id = await session({ execution_mode: 'build' });
      const run = await rig.converse(id, 'Say hello alpha');
      assert.equal(run.terminal.event, 'run-completed', JSON.stringify(run.terminal.data));
      assert.equal(streamedText(run.frames), 'Hello from the alpha stub.');
      const stored = await getSession(id);
      assert.equal(stored.status, 'idle');
      assert.equal(stored.messages.length, 2);
      const answer = stored.messages[1];
      assert.equal(answer.role, 'assistant');
      assert.equal(answer.status, 'complete');
      assert.ok(
        answer.parts.some(
          (part: any) => part.type === 'text' && part.text === 'Hello from the alpha stub.',
        ),
      );
      assert.ok(stored.resume_ids[backend], 'the backend conversation id is kept for resuming');
      const rawLog = path.join(rig.test.dataDir, 'transcripts', `${id}.runs`, `${run.runId}.jsonl`);
      assert.match(
        readFileSync(rawLog, 'utf8'),
        /Hello from the alpha stub/,
        'the raw CLI stream is kept',
      );
    });

    test('a tool call runs in the worktree and is shown as tool-use and tool-result', async () => {
      rig.stub.script('Create the bravo file', [
        [{ tool: 'write', path: 'bravo.txt', content: 'bravo\n' }],
        [{ text: 'Created bravo.txt.' }],
      ]);
      const id = await session({ execution_mode: 'build' });
      const run = await rig.converse(id, 'Create the bravo file');
      assert.equal(run.terminal.event, 'run-completed', JSON.stringify(run.terminal.data));
      const use = run.frames.find((frame) => frame.event === 'tool-use');
      const result = run.frames.find((frame) => frame.event === 'tool-result');
      assert.ok(use && result, run.frames.map((frame) => frame.event).join(','));
      assert.equal(result.data.tool_use_id, use.data.id);
      assert.equal(result.data.is_error, false, result.data.output);
      assert.equal(readFileSync(path.join(rig.repo, 'bravo.txt'), 'utf8'), 'bravo\n');
      assert.match(streamedText(run.frames), /Created bravo/);
    });

    test('plan mode leaves the worktree unchanged and waits for approval; approving builds', async () => {
      const planText = 'Plan: create charlie.txt with one line.';
      rig.stub.script('Make charlie', [
        [{ tool: 'write', path: 'charlie.txt', content: 'charlie\n' }],
        backend === 'claude'
          ? [{ tool: 'raw', name: 'ExitPlanMode', input: { plan: planText } }]
          : [{ text: planText }],
        [{ text: planText }],
      ]);
      const id = await session({ execution_mode: 'plan' });
      const run = await rig.converse(id, 'Make charlie');
      assert.equal(run.terminal.event, 'run-completed', JSON.stringify(run.terminal.data));
      assert.equal(
        existsSync(path.join(rig.repo, 'charlie.txt')),
        false,
        'plan mode must not write',
      );
      const planned = await getSession(id);
      assert.equal(planned.awaiting_plan_approval, true);
      assert.match(planned.messages.at(-1).plan, /charlie/);

      rig.stub.script('The plan is approved', [
        [{ tool: 'write', path: 'charlie.txt', content: 'charlie\n' }],
        [{ text: 'Built charlie.' }],
      ]);
      const approved = await rig.test.api.post(`/api/sessions/${id}/approve-plan`, {});
      assert.equal(approved.status, 202, JSON.stringify(approved.body));
      const build = await waitForRun(rig.events, approved.body.run_id);
      assert.equal(build.terminal.event, 'run-completed', JSON.stringify(build.terminal.data));
      assert.equal(readFileSync(path.join(rig.repo, 'charlie.txt'), 'utf8'), 'charlie\n');
      const after = await getSession(id);
      assert.equal(after.execution_mode, 'build');
      assert.equal(after.awaiting_plan_approval, false);
      const again = await rig.test.api.post(`/api/sessions/${id}/approve-plan`, {});
      assert.equal(again.status, 409);
    });

    test('a follow-up message resumes the same conversation', async () => {
      rig.stub.script('Remember delta-7', [[{ text: 'Noted delta-7.' }]]);
      rig.stub.script('What did I ask you to remember', [[{ text: 'You said delta-7.' }]]);
      const id = await session({ execution_mode: 'build' });
      await rig.converse(id, 'Remember delta-7');
      const conversation = (await getSession(id)).resume_ids[backend];
      const followUp = await rig.converse(id, 'What did I ask you to remember?');
      assert.equal(
        followUp.terminal.event,
        'run-completed',
        JSON.stringify(followUp.terminal.data),
      );
      const request = rig.stub
        .mainRequests()
        .filter((item) => item.prompt?.includes('What did I ask'))
        .at(-1);
      assert.ok(request, 'the follow-up reached the model');
      assert.match(
        JSON.stringify(request.body),
        /Remember delta-7/,
        'the earlier turn is part of the conversation',
      );
      assert.equal((await getSession(id)).resume_ids[backend], conversation);
    });

    test('the first message names the session (a title from the fastest model, else its first words); a name the user gave stays', async () => {
      rig.stub.script('Name this golf session', [[{ text: 'Named golf.' }]]);
      const id = await session({ execution_mode: 'build' });
      const content = 'Name this golf session from its first message please';
      // Claude has a one-shot form (its fastest model, no tools: a side request the stub titles).
      const expected = backend === 'claude' ? 'Stub session' : 'Name this golf session from its…';
      const named = rig.events.waitFor(
        (frame) =>
          frame.event === 'session-updated' &&
          frame.data.session_id === id &&
          frame.data.updates.name === expected,
        120_000,
      );
      await rig.converse(id, content);
      await named;
      if (backend === 'claude') {
        const titleCalls = rig.stub.requests.filter(
          (request) => request.kind === 'side' && request.prompt?.includes(content),
        );
        assert.equal(titleCalls.length, 1);
        assert.match(titleCalls[0]?.model ?? '', /haiku/, 'the fastest model');
      }
      const renamed = await rig.test.api.patch(`/api/sessions/${id}`, { name: 'Golf by hand' });
      assert.equal(renamed.body.named_by_user, true);
      const mine = await session({ name: 'My own name', execution_mode: 'build' });
      await rig.converse(mine, 'Name this golf session again');
      assert.equal((await getSession(mine)).name, 'My own name');
      assert.equal((await getSession(id)).name, 'Golf by hand');
    });

    test('cancel mid-stream keeps the partial answer and leaves no process behind', async () => {
      // The answer stops after a few words and goes on only once the test has cancelled.
      const cancelled = gate();
      rig.stub.script('Talk slowly foxtrot', [
        [
          { text: 'echo0 echo1 echo2 echo3', chunkDelayMs: 50 },
          { hold: cancelled.promise },
          { text: ' Never written.' },
        ],
      ]);
      const id = await session({ execution_mode: 'build' });
      const before = processesIn(rig.repo);
      const sent = await rig.test.api.post(`/api/sessions/${id}/messages`, {
        content: 'Talk slowly foxtrot',
      });
      const runId = sent.body.run_id as string;
      await rig.events
        .waitFor(
          (frame) =>
            frame.event === 'message-delta' && (frame.data as { run_id: string }).run_id === runId,
          120_000,
        )
        .catch(() => rig.events.waitFor((frame) => frame.event === 'run-started'));
      const running = [...processesIn(rig.repo), ...processesIn(rig.warmDir)];
      assert.ok(running.length > 0, 'the CLI runs, in the worktree or warm in Grove’s folder');
      const cancel = await rig.test.api.post(`/api/sessions/${id}/cancel`);
      assert.deepEqual(cancel.body, { cancelled: true });
      const run = await waitForRun(rig.events, runId);
      cancelled.open();
      assert.equal(run.terminal.event, 'run-cancelled');
      await nothingAddedIn(rig.repo, before);
      const stored = await getSession(id);
      assert.equal(stored.status, 'idle');
      assert.equal(stored.messages.at(-1).status, 'cancelled');
      assert.doesNotMatch(JSON.stringify(stored.messages.at(-1).parts), /Never written/);
      // The usage known at the cancel, never a made-up "0 in · 0 out · $0". Claude streams each
      // call's tokens as it starts; the others report them only when a call ends.
      const usage = stored.messages.at(-1).usage;
      const tokens = usage ? usage.input_tokens + usage.output_tokens : null;
      if (backend === 'claude') assert.ok(tokens && tokens > 0, JSON.stringify(usage));
      else assert.ok(tokens === null || tokens > 0, JSON.stringify(usage));
      assert.notEqual(usage?.cost_usd, 0, 'a cost nobody reported is unknown, not $0');
    });

    test('cancel during a shell command also stops the command', async () => {
      rig.stub.script('Sleep kilo', [
        [{ tool: 'bash', command: 'sleep 47' }],
        [{ text: 'Slept.' }],
      ]);
      const id = await session({ execution_mode: 'yolo' });
      const before = processesIn(rig.repo);
      const sent = await rig.test.api.post(`/api/sessions/${id}/messages`, {
        content: 'Sleep kilo',
      });
      await until(() => processesIn(rig.repo).some((item) => /sleep 47/.test(item.command)));
      await rig.test.api.post(`/api/sessions/${id}/cancel`);
      const run = await waitForRun(rig.events, sent.body.run_id);
      assert.equal(run.terminal.event, 'run-cancelled');
      await nothingAddedIn(rig.repo, before);
    });

    test('messages sent during a run are queued, removable, and run next', async () => {
      // The first answer stops half-way until the queue has been checked and edited.
      const queueEdited = gate();
      rig.stub.script('First golf', [
        [{ text: 'First answer' }, { hold: queueEdited.promise }, { text: ' is done.' }],
      ]);
      rig.stub.script('Second golf', [[{ text: 'Second answer.' }]]);
      const id = await session({ execution_mode: 'build' });
      const first = await rig.test.api.post(`/api/sessions/${id}/messages`, {
        content: 'First golf',
      });
      const second = await rig.test.api.post(`/api/sessions/${id}/messages`, {
        content: 'Second golf',
      });
      const third = await rig.test.api.post(`/api/sessions/${id}/messages`, {
        content: 'Third golf',
      });
      assert.equal(second.status, 202);
      assert.equal(second.body.run_id, null);
      assert.equal(second.body.queued.content, 'Second golf');
      assert.deepEqual(
        (await getSession(id)).queue.map((item: any) => item.content),
        ['Second golf', 'Third golf'],
      );
      assert.equal(
        (await rig.test.api.delete(`/api/sessions/${id}/queue/${third.body.queued.id}`)).status,
        204,
      );
      queueEdited.open();
      await waitForRun(rig.events, first.body.run_id);
      const next = (await rig.events.waitFor(
        (frame) =>
          frame.event === 'run-started' &&
          (frame.data as { session_id: string }).session_id === id &&
          (frame.data as { run_id: string }).run_id !== first.body.run_id,
        120_000,
      )) as GroveEvent & { event: 'run-started' };
      const run = await waitForRun(rig.events, next.data.run_id);
      assert.equal(run.terminal.event, 'run-completed');
      const stored = await getSession(id);
      assert.deepEqual(stored.queue, []);
      const userTexts = stored.messages
        .filter((m: any) => m.role === 'user')
        .map((m: any) => m.parts[0].text);
      assert.deepEqual(userTexts, ['First golf', 'Second golf']);
    });

    test('a missing CLI fails the run with backend-not-found and how to install it', async () => {
      await rig.test.api.patch('/api/preferences', {
        cli_paths: { [backend]: '/nonexistent/grove-test/cli' },
      });
      try {
        const id = await session();
        const run = await rig.converse(id, 'Anyone there hotel?');
        assert.equal(run.terminal.event, 'run-failed');
        const error = (run.terminal.data as { error: { code: string; message: string } }).error;
        assert.equal(error.code, 'backend-not-found');
        assert.match(error.message, /npm install -g/);
        assert.equal((await getSession(id)).status, 'error');
      } finally {
        await rig.test.api.patch('/api/preferences', { cli_paths: { [backend]: null } });
      }
    });

    test('a model error fails the run in the CLI’s own words', async () => {
      rig.stub.script('Break india', [
        [{ error: { status: 400, message: 'india is not a valid request' } }],
      ]);
      const id = await session({ execution_mode: 'build' });
      const run = await rig.converse(id, 'Break india');
      assert.equal(run.terminal.event, 'run-failed', JSON.stringify(run.terminal.data));
      const error = (run.terminal.data as { error: { code: string; message: string } }).error;
      assert.match(error.message, /india is not a valid request/);
      const stored = await getSession(id);
      assert.equal(stored.status, 'error');
      assert.equal(stored.messages.at(-1).status, 'error');
    });
  });
}

async function until(condition: () => boolean, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
