import assert from 'node:assert/strict';
import { test } from 'node:test';
import { optimistic } from './optimistic.js';

test('the change shows before the save and stays when the save succeeds', async () => {
  let shown = 'old';
  let shownWhileSaving = '';
  const saved = await optimistic({
    show() {
      shown = 'new';
      return () => (shown = 'old');
    },
    save: async () => {
      shownWhileSaving = shown;
      return 'answer';
    },
  });
  assert.equal(shownWhileSaving, 'new');
  assert.equal(shown, 'new');
  assert.equal(saved, 'answer');
});

test('a refused save takes the change back and rejects with the reworded error', async () => {
  let shown = 'old';
  const refusal = optimistic({
    show() {
      shown = 'new';
      return () => (shown = 'old');
    },
    save: () => Promise.reject(new Error('409 conflict')),
    reword: (error) => new Error(`In plain words: ${(error as Error).message}`),
  });
  await assert.rejects(refusal, /In plain words: 409 conflict/);
  assert.equal(shown, 'old');
});

test('without a rewording the error is the one the save gave', async () => {
  const failure = new Error('offline');
  await assert.rejects(
    optimistic({ show: () => () => undefined, save: () => Promise.reject(failure) }),
    (error) => error === failure,
  );
});
