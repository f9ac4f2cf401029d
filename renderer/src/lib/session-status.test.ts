import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isBusy } from './session-status.js';

test('a session is busy while its run goes or waits to start, not when idle or failed', () => {
  assert.equal(isBusy({ status: 'running' }), true);
  assert.equal(isBusy({ status: 'queued' }), true);
  assert.equal(isBusy({ status: 'idle' }), false);
  assert.equal(isBusy({ status: 'error' }), false);
});
