import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { recordingIO } from '../shared/parser-harness.js';
import { turnRequest } from '../shared/turn-matrix.js';
import type { TurnRequest } from '../shared/types.js';
import { CodexTurnDriver, newCodexProcessState, type CodexProcessState } from './driver.js';

const THREAD = '01a22692-bf95-7e63-873f-758e07179b58';
const line = (value: unknown): string => JSON.stringify(value);

function keptTurn(state: CodexProcessState, overrides: Partial<TurnRequest> = {}) {
  const io = recordingIO();
  const request = turnRequest({ model: 'gpt-5.5', ...overrides });
  return { io, driver: new CodexTurnDriver(io, request, state) };
}

describe('a Codex turn on a kept app-server', () => {
  it('a new process does the handshake once, and is kept after the turn', () => {
    const state = newCodexProcessState();
    const { io, driver } = keptTurn(state);
    driver.line(line({ id: 1, result: { userAgent: 'grove' } }));
    driver.line(line({ id: 2, result: { thread: { id: THREAD } } }));
    driver.line(line({ id: 3, result: { turn: { id: 'turn-1', status: 'inProgress' } } }));
    const done = { threadId: THREAD, turn: { id: 'turn-1', status: 'completed', items: [] } };
    driver.line(line({ method: 'turn/completed', params: done }));
    assert.deepEqual(
      io.sent.map((message) => message['method']),
      ['initialize', 'initialized', 'thread/start', 'turn/start'],
    );
    assert.deepEqual(state, { initialized: true, thread: THREAD, ids: { next: 4 } });
    assert.equal(driver.over, true);
    assert.equal(driver.completed, true, 'the process may take the next turn');
  });

  it('a follow-up on the loaded thread is one turn/start with the turn’s model and effort', () => {
    const state: CodexProcessState = { initialized: true, thread: THREAD, ids: { next: 4 } };
    const { io } = keptTurn(state, {
      resumeId: THREAD,
      model: 'gpt-6',
      thinkingLevel: 'ultrathink',
    });
    assert.equal(io.sent.length, 1);
    const [start] = io.sent;
    assert.equal(start?.['method'], 'turn/start');
    assert.equal(start?.['id'], 4, 'ids go on from the earlier turns');
    assert.deepEqual(
      { ...(start?.['params'] as object), input: undefined },
      { threadId: THREAD, input: undefined, model: 'gpt-6', effort: 'xhigh' },
    );
  });

  it('another thread on an initialized process is resumed without a new handshake', () => {
    const state: CodexProcessState = { initialized: true, thread: 'other', ids: { next: 9 } };
    const { io } = keptTurn(state, { resumeId: THREAD });
    assert.deepEqual(
      io.sent.map((message) => [message['method'], message['id']]),
      [['thread/resume', 9]],
    );
  });

  it('a cancel interrupts the running turn by its ids', () => {
    const state: CodexProcessState = { initialized: true, thread: THREAD, ids: { next: 1 } };
    const { io, driver } = keptTurn(state, { resumeId: THREAD });
    assert.equal(driver.interrupt(), false, 'no turn id yet');
    driver.line(line({ id: 1, result: { turn: { id: 'turn-2', status: 'inProgress' } } }));
    assert.equal(driver.interrupt(), true);
    assert.deepEqual(io.sent.at(-1), {
      method: 'turn/interrupt',
      id: 2,
      params: { threadId: THREAD, turnId: 'turn-2' },
    });
  });
});
