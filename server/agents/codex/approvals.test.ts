import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CodexTurnDriver, newCodexProcessState } from './driver.js';
import {
  approvalsAnswered,
  recordedTurn,
  type ScriptedApprovals,
} from '../shared/parser-harness.js';
import { turnRequest } from '../shared/turn-matrix.js';

const line = (value: unknown): string => JSON.stringify(value);
const THREAD = '01a24833-9b72-7703-b4f9-ed2fd92a183b';
const TURN = '01a24833-9b98-75c1-b257-899a0998b4a9';
const CWD = '/home/dev/acme/.worktrees/fix-date-parse';

const opened = [
  line({ id: 1, result: { userAgent: 'grove/0.171.0', platformOs: 'linux' } }),
  line({ id: 2, result: { thread: { id: THREAD } } }),
  line({ id: 3, result: { turn: { id: TURN, status: 'inProgress' } } }),
];
const itemStarted = (item: Record<string, unknown>): string =>
  line({ method: 'item/started', params: { threadId: THREAD, turnId: TURN, item } });
const turnCompleted = line({
  method: 'turn/completed',
  params: { threadId: THREAD, turn: { id: TURN, status: 'completed', items: [] } },
});

// As codex 0.171.0 sent them under `untrusted` + `workspace-write`, for the model stub's calls.
const shellCommand = "/bin/bash -lc 'echo hi > made.txt && echo done'";
const commandRequest = line({
  method: 'item/commandExecution/requestApproval',
  id: 0,
  params: {
    kind: 'command',
    threadId: THREAD,
    turnId: TURN,
    itemId: 'call_stub_t0_0001',
    startedAtMs: 1796507671665,
    environmentId: 'local',
    command: shellCommand,
    cwd: CWD,
    commandActions: [{ type: 'unknown', command: 'echo hi > made.txt && echo done' }],
    proposedExecpolicyAmendment: ['/bin/bash', '-lc', 'echo hi > made.txt && echo done'],
  },
});
const patch = [{ path: `${CWD}/made.txt`, kind: { type: 'add' }, diff: 'x\n' }];
const fileChangeStarted = itemStarted({
  type: 'fileChange',
  id: 'call_stub_t1_0002',
  changes: patch,
  status: 'inProgress',
});
const fileChangeRequest = line({
  method: 'item/fileChange/requestApproval',
  id: 1,
  params: {
    threadId: THREAD,
    turnId: TURN,
    itemId: 'call_stub_t1_0002',
    startedAtMs: 1796507676952,
    reason: null,
    grantRoot: null,
  },
});

function approvalTurn(answer: ScriptedApprovals) {
  const { io, parser } = recordedTurn(
    (io, request) => new CodexTurnDriver(io, request, newCodexProcessState()),
    turnRequest({ mode: 'build', model: 'gpt-5.5' }),
    answer,
  );
  const feed = (lines: string[]) => lines.flatMap((text) => parser.line(text));
  /** What the driver wrote after opening the turn (initialize … turn/start). */
  const answers = () => io.sent.slice(4);
  return { io, parser, feed, answers };
}

describe('codex approvals', () => {
  it('asks for a command with the command line the shell runs, and accepts an allow', async () => {
    const turn = approvalTurn(() => ({ behavior: 'allow', always: false }));
    turn.feed([...opened, commandRequest]);
    assert.deepEqual(turn.io.asks, [
      {
        tool: 'commandExecution',
        kind: 'command',
        input: { command: 'echo hi > made.txt && echo done', cwd: CWD },
        description: 'echo hi > made.txt && echo done',
        commandName: 'echo',
      },
    ]);
    assert.deepEqual(turn.answers(), [], 'the server waits until the chat layer answers');
    await approvalsAnswered();
    assert.deepEqual(turn.answers(), [{ id: 0, result: { decision: 'accept' } }]);
  });

  it('answers allow-always with a plain accept: Grove keeps the rule, not Codex', async () => {
    const turn = approvalTurn(() => ({ behavior: 'allow', always: true }));
    turn.feed([...opened, commandRequest]);
    await approvalsAnswered();
    assert.deepEqual(turn.answers(), [{ id: 0, result: { decision: 'accept' } }]);
  });

  it('asks for a patch as an edit with its changes, from the item the request names', async () => {
    const turn = approvalTurn(() => ({ behavior: 'allow', always: false }));
    turn.feed([...opened, fileChangeStarted, fileChangeRequest]);
    assert.deepEqual(turn.io.asks, [
      {
        tool: 'fileChange',
        kind: 'edit',
        input: { changes: patch },
        description: 'Edit made.txt',
        commandName: null,
      },
    ]);
    await approvalsAnswered();
    assert.deepEqual(turn.answers(), [{ id: 1, result: { decision: 'accept' } }]);
  });

  it("declines a deny and gives the model its message as the user's words", async () => {
    const message = 'Do not touch the lock file; run npm ci instead.';
    const turn = approvalTurn(() => ({ behavior: 'deny', message }));
    turn.feed([...opened, commandRequest]);
    await approvalsAnswered();
    assert.deepEqual(turn.answers(), [
      {
        method: 'turn/steer',
        id: 4,
        params: {
          threadId: THREAD,
          input: [{ type: 'text', text: message, text_elements: [] }],
          expectedTurnId: TURN,
        },
      },
      { id: 0, result: { decision: 'decline' } },
    ]);
    // The turn had ended meanwhile: the decline stands, and the turn goes on to its end.
    const events = turn.feed([
      line({ id: 4, error: { code: -32600, message: 'no active turn to steer' } }),
      turnCompleted,
    ]);
    assert.deepEqual(
      events.filter((event) => event.type === 'error'),
      [],
    );
  });

  it('declines a deny without a message by itself', async () => {
    const turn = approvalTurn(() => ({ behavior: 'deny', message: '' }));
    turn.feed([...opened, fileChangeStarted, fileChangeRequest]);
    await approvalsAnswered();
    assert.deepEqual(turn.answers(), [{ id: 1, result: { decision: 'decline' } }]);
  });

  it('writes no answer once the turn is over (an interrupt resolved the request)', async () => {
    const turn = approvalTurn(() => ({ behavior: 'allow', always: false }));
    turn.feed([...opened, commandRequest, turnCompleted]);
    await approvalsAnswered();
    assert.deepEqual(turn.answers(), []);
  });

  it('refuses requests that are not approvals at once, so the turn never hangs', () => {
    const turn = approvalTurn(() => ({ behavior: 'allow', always: false }));
    turn.feed([...opened, line({ method: 'item/tool/requestUserInput', id: 2, params: {} })]);
    assert.deepEqual(turn.io.asks, []);
    assert.deepEqual(turn.answers(), [
      {
        id: 2,
        error: { code: -32601, message: 'Grove does not handle item/tool/requestUserInput.' },
      },
    ]);
  });
});
