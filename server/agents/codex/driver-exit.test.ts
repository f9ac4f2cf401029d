import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCodexDriver } from './driver.js';
import { recordingIO } from '../shared/parser-harness.js';
import { turnRequest } from '../shared/turn-matrix.js';
import type { TurnRequest } from '../shared/types.js';

const line = (value: unknown): string => JSON.stringify(value);
const THREAD = '01a22692-bf95-7e63-873f-758e07179b58';
const TURN = '01a22692-c016-7082-9d19-cf8064d856a4';
/** The answers that get a driver to its turn: initialize, thread/start, turn/start. */
const opened = [
  line({ id: 1, result: { userAgent: 'grove/0.171.0', platformOs: 'linux' } }),
  line({ id: 2, result: { thread: { id: THREAD } } }),
  line({ id: 3, result: { turn: { id: TURN, status: 'inProgress' } } }),
];
const completed = (status: string): string =>
  line({
    method: 'turn/completed',
    params: { threadId: THREAD, turn: { id: TURN, status, error: null, items: [] } },
  });

describe('codex app-server shutdown and resume errors', () => {
  const EXIT_GRACE_MS = 30;
  const settle = () => new Promise((resolve) => setTimeout(resolve, EXIT_GRACE_MS * 3));

  function shortGraceDriver(overrides: Partial<TurnRequest> = {}) {
    const io = recordingIO();
    const request = turnRequest({ model: 'gpt-5.5', ...overrides });
    return { io, parser: createCodexDriver({ io, request }, EXIT_GRACE_MS) };
  }

  it('stops an app-server that does not exit once the turn completed', async () => {
    const { io, parser } = shortGraceDriver();
    for (const text of [...opened, completed('completed')]) parser.line(text);
    assert.equal(io.inputEnded, true);
    assert.equal(io.terminated, false, 'it gets a chance to exit on its own');
    await settle();
    assert.equal(io.terminated, true);
  });

  it('stops an app-server that does not exit after a failed request', async () => {
    const { io, parser } = shortGraceDriver();
    parser.line(line({ id: 1, error: { code: -32600, message: 'bad config' } }));
    await settle();
    assert.equal(io.terminated, true);
  });

  it('leaves an app-server alone that exits in time', async () => {
    const { io, parser } = shortGraceDriver();
    for (const text of [...opened, completed('completed')]) parser.line(text);
    parser.finish({ code: 0, signal: null, stderr: '' });
    await settle();
    assert.equal(io.terminated, false);
  });

  it('reports a thread/resume failure other than an unknown thread as what it is', () => {
    const { parser } = shortGraceDriver({ resumeId: THREAD });
    parser.line(opened[0] ?? '');
    const events = parser.line(
      line({ id: 2, error: { code: -32603, message: 'unauthorized: invalid api key' } }),
    );
    assert.deepEqual(events, [
      {
        type: 'error',
        code: 'not-logged-in',
        message: 'thread/resume failed: unauthorized: invalid api key',
      },
    ]);
    const config = shortGraceDriver({ resumeId: THREAD });
    config.parser.line(opened[0] ?? '');
    const [event] = config.parser.line(
      line({ id: 2, error: { code: -32603, message: 'invalid sandbox setting' } }),
    );
    assert.equal(event?.type === 'error' ? event.code : null, 'api-error');
  });
});
