import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CodexTurnDriver, newCodexProcessState } from './driver.js';
import { recordingIO } from '../shared/parser-harness.js';
import { turnRequest } from '../shared/turn-matrix.js';

const line = (value: unknown): string => JSON.stringify(value);
const THREAD = '01a22692-bf95-7e63-873f-758e07179b58';
/** The answer to `initialize`. */
const initialized = line({ id: 1, result: { userAgent: 'grove/0.171.0', platformOs: 'linux' } });

describe('codex thread/resume errors', () => {
  function resumingDriver() {
    const request = turnRequest({ model: 'gpt-5.5', resumeId: THREAD });
    return new CodexTurnDriver(recordingIO(), request, newCodexProcessState());
  }

  it('reports a thread/resume failure other than an unknown thread as what it is, and ends the turn', () => {
    const parser = resumingDriver();
    parser.line(initialized);
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
    assert.equal(parser.over, true);
    const config = resumingDriver();
    config.line(initialized);
    const [event] = config.line(
      line({ id: 2, error: { code: -32603, message: 'invalid sandbox setting' } }),
    );
    assert.equal(event?.type === 'error' ? event.code : null, 'api-error');
  });
});
