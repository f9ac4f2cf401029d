import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GROVE_VERSION } from '../../version.js';
import { CodexTurnDriver, newCodexProcessState } from './driver.js';
import { fixtureLines, recordedTurn, replay, type RecordingIO } from '../shared/parser-harness.js';
import { turnRequest } from '../shared/turn-matrix.js';
import type { TurnRequest } from '../shared/types.js';

/** The thread config trusts the worktree, so Codex does not write that into config.toml. */
const TRUSTED_WORKTREE = {
  projects: { '/home/dev/acme/.worktrees/fix-date-parse': { trust_level: 'trusted' } },
};

const line = (value: unknown): string => JSON.stringify(value);
const THREAD = '01a22692-bf95-7e63-873f-758e07179b58';
const TURN = '01a22692-c016-7082-9d19-cf8064d856a4';

function driver(overrides: Partial<TurnRequest> = {}) {
  return recordedTurn(
    (io, request) => new CodexTurnDriver(io, request, newCodexProcessState()),
    turnRequest({ model: 'gpt-5.5', ...overrides }),
  );
}

function replayFixture(name: string, overrides: Partial<TurnRequest> = {}) {
  const { io, parser } = driver(overrides);
  return { io, parser, run: replay(parser, fixtureLines(name)) };
}

const methods = (io: RecordingIO): unknown[] => io.sent.map((message) => message['method']);

/** The answers that get a driver to its turn: initialize, thread/start, turn/start. */
const opened = [
  line({ id: 1, result: { userAgent: 'grove/0.171.0', platformOs: 'linux' } }),
  line({ id: 2, result: { thread: { id: THREAD } } }),
  line({ id: 3, result: { turn: { id: TURN, status: 'inProgress' } } }),
];
const notify = (method: string, params: Record<string, unknown>): string =>
  line({ method, params: { threadId: THREAD, turnId: TURN, ...params } });
const item = (event: 'started' | 'completed', value: Record<string, unknown>): string =>
  notify(`item/${event}`, { item: value });
const completed = (status: string, error: unknown = null): string =>
  notify('turn/completed', { turn: { id: TURN, status, error, items: [] } });

// Real codex 0.171.0 app-server stdout, driven by this parser against the e2e model stub.
describe('codex 0.171.0 app-server captures', () => {
  it('streams reasoning and text, and pairs each command and file change with its result', () => {
    const { io, parser, run } = replayFixture('codex-0171-app-tools.jsonl', {
      thinkingLevel: 'think',
    });
    assert.deepEqual(methods(io), ['initialize', 'initialized', 'thread/start', 'turn/start']);
    assert.equal(parser.completed, true, 'turn/completed ends the turn');
    assert.deepEqual(run.conversations, [THREAD]);
    assert.deepEqual(run.streamed, {
      thinking: 'Look first.',
      text: 'All done, the notes are written.',
    });
    assert.deepEqual(run.thinking, ['Look first.']);
    assert.deepEqual(run.texts, ['All done, the notes are written.']);
    assert.deepEqual(run.toolCalls, [
      {
        id: 'call_stub_t0_0001',
        name: 'command_execution',
        input: { command: '/bin/bash -lc ls' },
        output: 'README.md\n',
        is_error: false,
      },
      {
        id: 'call_stub_t1_0002',
        name: 'command_execution',
        input: { command: "/bin/bash -lc 'cat missing-file.txt'" },
        output: 'cat: missing-file.txt: No such file or directory\n',
        is_error: true,
      },
      {
        id: 'call_stub_t2_0003',
        name: 'file_change',
        input: { changes: [{ path: '/tmp/cap-wt-O2GAJW/notes.txt', kind: 'add' }] },
        output: 'add /tmp/cap-wt-O2GAJW/notes.txt',
        is_error: false,
      },
    ]);
    assert.deepEqual(run.toolUseIds, [
      'call_stub_t0_0001',
      'call_stub_t1_0002',
      'call_stub_t2_0003',
    ]);
    // Four model calls, each reported as `last`; their sum is the turn.
    assert.deepEqual(run.usage, {
      input_tokens: 28984,
      output_tokens: 200,
      cache_read_tokens: 0,
      cache_write_tokens: 0,
      reasoning_tokens: 3,
      cost_usd: null,
    });
    assert.equal(run.usageEvents, 1);
    assert.deepEqual(run.errors, []);
  });

  it('sends plan as a read-only sandbox that asks, and the thinking level as effort', () => {
    const { io } = replayFixture('codex-0171-app-plan-denied-write.jsonl', { mode: 'plan' });
    const [, , threadStart, turnStart] = io.sent;
    assert.deepEqual(threadStart?.['params'], {
      cwd: '/home/dev/acme/.worktrees/fix-date-parse',
      model: 'gpt-5.5',
      approvalPolicy: 'on-request',
      sandbox: 'read-only',
      config: TRUSTED_WORKTREE,
    });
    assert.deepEqual(turnStart?.['params'], {
      threadId: '01a22692-ddbb-7412-8923-38db01842fb3',
      input: [
        { type: 'text', text: 'Why does the parseDate test fail? Fix it.', text_elements: [] },
      ],
      model: 'gpt-5.5',
      effort: 'low',
    });
  });

  it('shows nothing for a write the read-only sandbox refused', () => {
    const { run } = replayFixture('codex-0171-app-plan-denied-write.jsonl', { mode: 'plan' });
    assert.deepEqual(run.toolCalls, []);
    assert.deepEqual(run.texts, ['Plan: 1. write blocked.txt']);
    assert.deepEqual(run.errors, []);
  });

  it('counts only this turn on a resumed thread, not the replayed usage of the last one', () => {
    const resumeId = '01a22692-fa75-7313-a5cc-f725a30d9a27';
    const { io, run } = replayFixture('codex-0171-app-resume.jsonl', { resumeId });
    assert.deepEqual(io.sent[2], {
      method: 'thread/resume',
      id: 2,
      params: {
        threadId: resumeId,
        cwd: '/home/dev/acme/.worktrees/fix-date-parse',
        model: 'gpt-5.5',
        approvalPolicy: 'on-request',
        sandbox: 'read-only',
        config: TRUSTED_WORKTREE,
        excludeTurns: true,
      },
    });
    assert.deepEqual(run.conversations, [resumeId]);
    assert.deepEqual(run.texts, ['You said delta-7.']);
    assert.equal(run.usage?.input_tokens, 7140);
    assert.equal(run.usage?.output_tokens, 40);
  });

  it('reports a 401 as not-logged-in, once', () => {
    const { run } = replayFixture('codex-0171-app-http-401.jsonl');
    assert.equal(run.errors.length, 1);
    assert.equal(run.errors[0]?.code, 'not-logged-in');
    assert.match(
      run.errors[0]?.message ?? '',
      /^unexpected status 401 Unauthorized: Incorrect API key provided/,
    );
    assert.equal(run.usage, null);
  });

  it('reports an unknown resume id as session-not-found and ends the turn', () => {
    const { io, parser, run } = replayFixture('codex-0171-app-resume-unknown.jsonl', {
      resumeId: '019aaaaa-0000-7000-8000-000000000000',
    });
    assert.deepEqual(methods(io), ['initialize', 'initialized', 'thread/resume']);
    assert.equal(parser.over, true);
    assert.deepEqual(run.errors, [
      {
        code: 'session-not-found',
        message:
          'thread/resume failed: no rollout found for thread id 019aaaaa-0000-7000-8000-000000000000',
      },
    ]);
  });
});

describe('codex app-server driver', () => {
  it('writes nothing but initialize until the server answers', () => {
    const { io } = driver();
    assert.deepEqual(io.sent, [
      {
        method: 'initialize',
        id: 1,
        params: {
          clientInfo: { name: 'grove', title: 'Grove', version: GROVE_VERSION },
          capabilities: null,
        },
      },
    ]);
  });

  it('reports a declined command as a failed tool call', () => {
    const command = { id: 'c1', type: 'commandExecution', command: "/bin/bash -lc 'touch x'" };
    const run = replay(driver().parser, [
      ...opened,
      item('started', { ...command, status: 'inProgress', aggregatedOutput: null }),
      item('completed', { ...command, status: 'declined', aggregatedOutput: null }),
      completed('completed'),
    ]);
    assert.deepEqual(
      run.toolCalls.map(({ name, output, is_error }) => ({ name, output, is_error })),
      [{ name: 'command_execution', output: '', is_error: true }],
    );
  });

  it('names MCP calls server/tool and reads their text content or error', () => {
    const call = { type: 'mcpToolCall', server: 'docs', tool: 'search', arguments: { q: 'x' } };
    const run = replay(driver().parser, [
      ...opened,
      item('started', { id: 'm1', ...call, status: 'inProgress', result: null, error: null }),
      item('completed', {
        id: 'm1',
        ...call,
        status: 'completed',
        result: { content: [{ type: 'text', text: 'found it' }], structuredContent: null },
        error: null,
      }),
      item('completed', {
        id: 'm2',
        ...call,
        status: 'failed',
        result: null,
        error: { message: 'server gone' },
      }),
      item('completed', { id: 'w1', type: 'webSearch', query: 'node 20 test runner' }),
    ]);
    assert.deepEqual(
      run.toolCalls.map(({ name, input, output, is_error }) => ({ name, input, output, is_error })),
      [
        { name: 'docs/search', input: { q: 'x' }, output: 'found it', is_error: false },
        { name: 'docs/search', input: { q: 'x' }, output: 'server gone', is_error: true },
        {
          name: 'web_search',
          input: { query: 'node 20 test runner' },
          output: '',
          is_error: false,
        },
      ],
    );
  });

  it('separates reasoning summary paragraphs in the stream as in the finished part', () => {
    const run = replay(driver().parser, [
      ...opened,
      notify('item/reasoning/summaryPartAdded', { itemId: 'r1', summaryIndex: 0 }),
      notify('item/reasoning/summaryTextDelta', { itemId: 'r1', delta: 'One.', summaryIndex: 0 }),
      notify('item/reasoning/summaryPartAdded', { itemId: 'r1', summaryIndex: 1 }),
      notify('item/reasoning/summaryTextDelta', { itemId: 'r1', delta: 'Two.', summaryIndex: 1 }),
      item('completed', { id: 'r1', type: 'reasoning', summary: ['One.', 'Two.'], content: [] }),
    ]);
    assert.equal(run.streamed.thinking, 'One.\n\nTwo.');
    assert.deepEqual(run.thinking, ['One.\n\nTwo.']);
  });

  it('reports a failed turn once, unwrapping a JSON error body, and ignores retry notices', () => {
    const body =
      '{"type":"error","error":{"type":"invalid_request_error","message":"probe: request captured"}}';
    const { parser } = driver();
    const run = replay(parser, [
      ...opened,
      notify('error', { error: { message: 'Reconnecting... 1/5' }, willRetry: true }),
      notify('error', { error: { message: body }, willRetry: false }),
      completed('failed', { message: body, codexErrorInfo: 'badRequest' }),
    ]);
    assert.deepEqual(run.errors, [{ code: 'api-error', message: 'probe: request captured' }]);
    assert.equal(parser.over, true);
  });

  it('uses the last error when the server dies before turn/completed', () => {
    const run = replay(
      driver().parser,
      [...opened, notify('error', { error: { message: 'stream disconnected' }, willRetry: false })],
      { code: 1 },
    );
    assert.deepEqual(run.errors, [{ code: 'api-error', message: 'stream disconnected' }]);
  });

  it('reports a request of ours that failed, and ends the turn', () => {
    const { parser } = driver();
    const run = replay(parser, [line({ id: 1, error: { code: -32600, message: 'bad client' } })]);
    assert.deepEqual(run.errors, [{ code: 'api-error', message: 'initialize failed: bad client' }]);
    assert.equal(parser.over, true);
  });

  it('treats a stop before turn/completed as an error, and ignores the exit after it', () => {
    const stopped = replay(driver().parser, opened, { code: 143 });
    assert.equal(stopped.errors[0]?.code, 'cancelled');
    // app-server exits 0 on SIGTERM: an unfinished turn is still not a success.
    const cleanButUnfinished = replay(driver().parser, opened);
    assert.deepEqual(cleanButUnfinished.errors, [
      { code: 'cli-crashed', message: 'Codex exited before the turn finished.' },
    ]);
    const done = replay(driver().parser, [...opened, completed('completed')], { code: 1 });
    assert.deepEqual(done.errors, []);
    assert.equal(done.usageEvents, 1);
  });

  it('ends only on its own turn/completed', () => {
    const { parser } = driver();
    const other = line({
      method: 'turn/completed',
      params: { threadId: THREAD, turn: { id: 'earlier-turn', status: 'completed', items: [] } },
    });
    const run = replay(parser, [...opened, other], { code: 143 });
    assert.equal(parser.over, false);
    assert.equal(run.usageEvents, 0);
    assert.equal(run.errors[0]?.code, 'cancelled');
  });

  it("reports the turn's id as where its answer ends in the thread (a fork's cut)", () => {
    const run = replay(driver().parser, [...opened, completed('completed')]);
    assert.deepEqual(run.cliMessages, [TURN]);
  });

  it('explains a crash from stderr', () => {
    const stderr = 'WARNING: proceeding, even though we could not create PATH aliases\nError: boom';
    const run = replay(driver().parser, opened, { code: 1, stderr });
    assert.deepEqual(run.errors, [{ code: 'cli-crashed', message: 'Error: boom' }]);
  });
});
