import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClaudeTurnDriver, PLAN_HANDOFF_MESSAGE } from './driver.js';
import { fixtureLines, recordingIO, replay, type RecordingIO } from '../shared/parser-harness.js';
import { turnRequest } from '../shared/turn-matrix.js';
import type { ApprovalAnswer, ApprovalAsk, TurnRequest } from '../shared/types.js';

const line = (value: unknown): string => JSON.stringify(value);
/** The scratch dirs of the captures (see fixtures/README.md), made stable. */
const CAPTURE_REPO = '/tmp/grove-capture/repo';
const CAPTURE_HOME = '/tmp/grove-capture/home';

/** A driver whose approvals are answered by `decide`, with every ask kept. */
function scriptedDriver(
  decide: (ask: ApprovalAsk) => ApprovalAnswer | Promise<ApprovalAnswer>,
  overrides: Partial<TurnRequest> = {},
) {
  const io = recordingIO();
  const asks: ApprovalAsk[] = [];
  io.requestApproval = async (ask) => {
    asks.push(ask);
    return decide(ask);
  };
  const request = turnRequest({
    cwd: CAPTURE_REPO,
    env: { HOME: CAPTURE_HOME, CLAUDE_CONFIG_DIR: `${CAPTURE_HOME}/.claude` },
    ...overrides,
  });
  const parser = new ClaudeTurnDriver(io, request);
  return { io, asks, parser };
}

const allow = (): ApprovalAnswer => ({ behavior: 'allow', always: false });
const deny = (message: string) => (): ApprovalAnswer => ({ behavior: 'deny', message });
/** Lets the driver's pending answers be written. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** What the driver answered the CLI, by request id. */
function answers(io: RecordingIO): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const message of io.sent) {
    const response = message['response'] as { request_id: string; response?: unknown } | undefined;
    if (message['type'] === 'control_response' && response) {
      out[response.request_id] = response.response ?? response;
    }
  }
  return out;
}

const canUseTool = (requestId: string, toolName: string, input: unknown, extra = {}): string =>
  line({
    type: 'control_request',
    request_id: requestId,
    request: {
      subtype: 'can_use_tool',
      tool_name: toolName,
      input,
      tool_use_id: 'toolu_1',
      ...extra,
    },
  });

// Real claude 2.1.197 stdout in the stream-json input form, driven by this driver against the
// e2e model stub (see fixtures/README.md).
describe('claude 2.1.197 stdio captures', () => {
  it('asks before a command in build mode and runs it once allowed', async () => {
    const { io, asks, parser } = scriptedDriver(allow, { mode: 'build', thinkingLevel: 'think' });
    const run = replay(parser, fixtureLines('claude-197-stdio-bash-allow.jsonl'));
    await settle();
    assert.deepEqual(io.sent[0], {
      type: 'user',
      message: { role: 'user', content: 'Why does the parseDate test fail? Fix it.' },
      parent_tool_use_id: null,
      session_id: '',
    });
    const command = "sh -c 'echo hi > made.txt'";
    assert.deepEqual(asks, [
      {
        tool: 'Bash',
        kind: 'command',
        input: { command, description: `Run ${command}` },
        description: command,
        commandName: 'sh',
      },
    ]);
    assert.deepEqual(Object.values(answers(io)), [
      { behavior: 'allow', updatedInput: { command, description: `Run ${command}` } },
    ]);
    assert.equal(parser.turnOver, true, 'the result ends the turn');
    assert.equal(run.streamed.thinking, 'Run it.');
    assert.deepEqual(run.texts, ['Writing the file.', 'Done.']);
    assert.deepEqual(
      run.toolCalls.map(({ name, output, is_error }) => [name, output, is_error]),
      [['Bash', '(Bash completed with no output)', false]],
    );
    assert.equal(run.usage?.cost_usd, 0.052614);
    assert.deepEqual(run.errors, []);
  });

  it('answers a deny with its message, which the model reads as the tool error', async () => {
    const { io, parser } = scriptedDriver(deny('Denied in the capture.'), { mode: 'build' });
    const run = replay(parser, fixtureLines('claude-197-stdio-bash-deny.jsonl'));
    await settle();
    assert.deepEqual(Object.values(answers(io)), [
      { behavior: 'deny', message: 'Denied in the capture.', interrupt: false },
    ]);
    assert.deepEqual(
      run.toolCalls.map(({ output, is_error }) => [output, is_error]),
      [['Denied in the capture.', true]],
    );
    assert.deepEqual(run.texts, ['Writing the file.', 'Done.']);
    assert.deepEqual(run.errors, []);
  });

  it('in plan mode writes only its own plan file, and ends with the plan at ExitPlanMode', async () => {
    const { io, asks, parser } = scriptedDriver(deny('Denied in the capture.'));
    const run = replay(parser, fixtureLines('claude-197-stdio-plan.jsonl'));
    await settle();
    assert.deepEqual(
      asks.map(({ tool, kind, description }) => [tool, kind, description]),
      [['Write', 'edit', 'Edit not-in-plan.txt']],
      'only the worktree write is asked; the plan file and ExitPlanMode are answered at once',
    );
    assert.deepEqual(
      Object.values(answers(io)).map((answer) => (answer as { behavior: string }).behavior),
      ['deny', 'allow', 'deny'],
    );
    assert.deepEqual(run.plans, ['# Plan\n1. Write made.txt.\n']);
    assert.match(run.toolCalls.at(-1)?.output ?? '', /approves it before anything is built/);
    assert.deepEqual(run.texts, ['The plan is ready.']);
  });

  it('reports an unknown resume id, which now comes as an error result, as session-not-found', () => {
    const { parser } = scriptedDriver(allow, {
      resumeId: '0f0e0d0c-1111-4222-8333-444455556666',
    });
    const stderr = 'No conversation found with session ID: 0f0e0d0c-1111-4222-8333-444455556666\n';
    const run = replay(parser, fixtureLines('claude-197-stdio-resume-unknown.jsonl'), {
      code: 1,
      stderr,
    });
    assert.deepEqual(run.errors, [{ code: 'session-not-found', message: stderr.trim() }]);
    assert.equal(parser.turnOver, true);
  });
});

describe('claude driver', () => {
  it('sends a prompt of any length whole, as one stdin line', () => {
    const prompt = `--${'x'.repeat(200_000)}\nsecond line`;
    const { io } = scriptedDriver(allow, { prompt });
    assert.equal(io.sent.length, 1);
    assert.deepEqual((io.sent[0]?.['message'] as { content: string }).content, prompt);
  });

  it('classifies edits with the path inside the worktree, and anything else as other', async () => {
    const { asks, parser } = scriptedDriver(allow, { mode: 'build' });
    parser.line(canUseTool('r1', 'Edit', { file_path: `${CAPTURE_REPO}/src/app.ts` }));
    parser.line(canUseTool('r2', 'MultiEdit', { file_path: '/etc/hosts', edits: [] }));
    parser.line(canUseTool('r3', 'NotebookEdit', { notebook_path: `${CAPTURE_REPO}/a.ipynb` }));
    parser.line(canUseTool('r4', 'WebFetch', { url: 'https://x' }, { description: 'Fetch x' }));
    parser.line(canUseTool('r5', 'mcp__db__query', { sql: 'select 1' }));
    await settle();
    assert.deepEqual(
      asks.map(({ tool, kind, description, commandName }) => [
        tool,
        kind,
        description,
        commandName,
      ]),
      [
        ['Edit', 'edit', 'Edit src/app.ts', null],
        ['MultiEdit', 'edit', 'Edit /etc/hosts', null],
        ['NotebookEdit', 'edit', 'Edit a.ipynb', null],
        ['WebFetch', 'other', 'Fetch x', null],
        ['mcp__db__query', 'other', 'mcp__db__query', null],
      ],
    );
  });

  it('names a command by its program, past environment assignments and quotes', async () => {
    const { asks, parser } = scriptedDriver(allow, { mode: 'build' });
    const commands = [
      'npm test',
      'CI=1 FOO="a b" npm run build',
      "  'my tool' --flag",
      'cd sub && make',
      'git status;ls',
      'A=1',
    ];
    commands.forEach((command, index) => parser.line(canUseTool(`c${index}`, 'Bash', { command })));
    await settle();
    assert.deepEqual(
      asks.map((ask) => ask.commandName),
      ['npm', 'npm', 'my tool', 'cd', 'git', null],
    );
    assert.deepEqual(
      asks.map((ask) => ask.description),
      commands,
    );
  });

  it('asks about a plan-named file in the worktree, and about the plan file outside plan mode', async () => {
    const planFile = `${CAPTURE_HOME}/.claude/plans/p.md`;
    const inWorktree = `${CAPTURE_REPO}/.claude/plans/p.md`;
    const plan = scriptedDriver(deny('no'));
    plan.parser.line(canUseTool('p1', 'Write', { file_path: inWorktree, content: '' }));
    plan.parser.line(canUseTool('p2', 'Edit', { file_path: planFile }));
    const build = scriptedDriver(deny('no'), { mode: 'build' });
    build.parser.line(canUseTool('b1', 'Write', { file_path: planFile, content: '' }));
    await settle();
    assert.deepEqual(
      plan.asks.map((ask) => ask.description),
      ['Edit .claude/plans/p.md'],
    );
    assert.deepEqual(answers(plan.io)['p2'], {
      behavior: 'allow',
      updatedInput: { file_path: planFile },
    });
    assert.equal(build.asks.length, 1);
  });

  it('denies ExitPlanMode without asking, in any mode', async () => {
    const { io, asks, parser } = scriptedDriver(allow, { mode: 'yolo' });
    parser.line(canUseTool('x1', 'ExitPlanMode', {}));
    await settle();
    assert.deepEqual(asks, []);
    assert.deepEqual(answers(io)['x1'], {
      behavior: 'deny',
      message: PLAN_HANDOFF_MESSAGE,
      interrupt: false,
    });
  });

  it('drops the answer to a question the CLI withdrew', async () => {
    let release: (answer: ApprovalAnswer) => void = () => undefined;
    const { io, parser } = scriptedDriver(
      () => new Promise<ApprovalAnswer>((resolve) => (release = resolve)),
      { mode: 'build' },
    );
    parser.line(canUseTool('w1', 'Bash', { command: 'npm test' }));
    assert.deepEqual(parser.line(line({ type: 'control_cancel_request', request_id: 'w1' })), []);
    release(allow());
    await settle();
    assert.deepEqual(answers(io), {});
  });

  it('answers deny when the chat layer cannot decide, and refuses requests it does not know', async () => {
    const { io, parser } = scriptedDriver(() => Promise.reject(new Error('store is gone')), {
      mode: 'build',
    });
    parser.line(canUseTool('f1', 'Bash', { command: 'npm test' }));
    parser.line(
      line({ type: 'control_request', request_id: 'h1', request: { subtype: 'hook_callback' } }),
    );
    await settle();
    const got = answers(io);
    assert.match(String((got['f1'] as { message: string }).message), /store is gone/);
    assert.equal((got['f1'] as { behavior: string }).behavior, 'deny');
    assert.deepEqual(
      io.sent.find(
        (message) => (message['response'] as { request_id?: string })?.request_id === 'h1',
      ),
      {
        type: 'control_response',
        response: {
          subtype: 'error',
          request_id: 'h1',
          error: 'Grove does not handle hook_callback.',
        },
      },
    );
  });

  it('ends the turn at its own result, not at a sub-agent’s', () => {
    const { parser } = scriptedDriver(allow);
    const result = { type: 'result', subtype: 'success', is_error: false, result: 'ok' };
    parser.line(line({ ...result, parent_tool_use_id: 'toolu_task' }));
    assert.equal(parser.turnOver, false);
    parser.line(line(result));
    assert.equal(parser.turnOver, true);
  });

  it('asks mcp_status why a server failed, and ends the turn only once it has the answer', () => {
    const { io, parser } = scriptedDriver(allow);
    const init = (status: string) =>
      line({
        type: 'system',
        subtype: 'init',
        mcp_servers: [
          { name: 'echo', status: 'connected' },
          { name: 'broken', status },
        ],
      });
    parser.line(init('failed'));
    parser.line(init('failed'));
    const asked = io.sent.filter((message) => message['type'] === 'control_request');
    assert.equal(asked.length, 1, 'asked once');
    assert.deepEqual(asked[0]?.['request'], { subtype: 'mcp_status' });
    const requestId = asked[0]?.['request_id'] as string;

    parser.line(line({ type: 'result', subtype: 'success', is_error: false, result: 'ok' }));
    assert.equal(parser.turnOver, false, 'the answer would reach the next turn');
    const failure = "ENOENT: no such file or directory, posix_spawn '/nonexistent/bin'";
    const answer = (id: string) =>
      line({
        type: 'control_response',
        response: {
          subtype: 'success',
          request_id: id,
          response: {
            mcpServers: [
              { name: 'echo', status: 'connected', config: { headers: { A: 'secret' } } },
              { name: 'broken', status: 'failed', error: failure, config: { command: 'x' } },
            ],
          },
        },
      });
    assert.deepEqual(parser.line(answer('someone-else')), []);
    assert.deepEqual(parser.line(answer(requestId)), [
      {
        type: 'mcp-status',
        servers: [
          { name: 'echo', status: 'connected', error: null },
          { name: 'broken', status: 'failed', error: failure },
        ],
      },
    ]);
    assert.equal(parser.turnOver, true);
  });

  it('stops waiting for an answer that does not come, and asks for the end again', async () => {
    let checks = 0;
    const checkEnded = () => (checks += 1);
    const parser = new ClaudeTurnDriver(
      recordingIO(),
      turnRequest({ cwd: CAPTURE_REPO }),
      checkEnded,
      20,
    );
    parser.line(
      line({ type: 'system', subtype: 'init', mcp_servers: [{ name: 'b', status: 'failed' }] }),
    );
    parser.line(line({ type: 'result', subtype: 'success', is_error: false, result: 'ok' }));
    assert.equal(parser.turnOver, false);
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(checks, 1);
    assert.equal(parser.turnOver, true);
  });

  it('does not ask when no server failed, and takes an error answer as no reason', () => {
    const { io, parser } = scriptedDriver(allow);
    parser.line(
      line({ type: 'system', subtype: 'init', mcp_servers: [{ name: 'a', status: 'connected' }] }),
    );
    assert.equal(io.sent.filter((message) => message['type'] === 'control_request').length, 0);

    const failing = scriptedDriver(allow);
    failing.parser.line(
      line({ type: 'system', subtype: 'init', mcp_servers: [{ name: 'b', status: 'failed' }] }),
    );
    const requestId = failing.io.sent.find((message) => message['type'] === 'control_request')?.[
      'request_id'
    ];
    const events = failing.parser.line(
      line({
        type: 'control_response',
        response: { subtype: 'error', request_id: requestId, error: 'unknown subtype' },
      }),
    );
    // The init line's states are out already: nothing is said again.
    assert.deepEqual(events, []);
  });
});
