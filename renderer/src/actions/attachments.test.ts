import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Attachment } from '@contract';
import { useComposerFilesStore } from '../stores/composer-files.js';
import { useSessionsStore } from '../stores/sessions.js';
import { applyEvent } from '../sync/apply-event.js';
import { ev, session, uuid } from '../test-support/fixtures.js';
import { attachOne } from './attachments.js';

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A session the window knows, as the open tab's is. */
function knownSession(): string {
  const known = session(uuid());
  useSessionsStore.getState().insert(known);
  return known.id;
}

test('a file is a chip at once, given its attachment once stored, dropped with its reason on failure', async () => {
  const sessionId = knownSession();
  const errors: string[] = [];
  const attachment: Attachment = { id: uuid(), name: 'a.png', mime: 'image/png', size: 1 };
  attachOne(sessionId, 'a.png', Promise.resolve(attachment), (error) => errors.push(error));
  attachOne(sessionId, 'b.png', Promise.reject(new Error('too large')), (e) => errors.push(e));
  const pending = useComposerFilesStore.getState().bySession[sessionId];
  assert.deepEqual(
    pending?.map((item) => [item.name, item.attachment]),
    [
      ['a.png', null],
      ['b.png', null],
    ],
  );
  await settled();
  const ready = useComposerFilesStore.getState().bySession[sessionId];
  assert.deepEqual(
    ready?.map((item) => [item.name, item.attachment]),
    [['a.png', attachment]],
  );
  assert.deepEqual(errors, ['b.png: too large']);
});

test('nothing brings a deleted session’s box back: a late upload, a failed one, a restore', async () => {
  const sessionId = knownSession();
  const errors: string[] = [];
  let store!: (attachment: Attachment) => void;
  let refuse!: (error: Error) => void;
  attachOne(sessionId, 'a.png', new Promise((resolve) => (store = resolve)), (e) => errors.push(e));
  attachOne(sessionId, 'b.png', new Promise((_, reject) => (refuse = reject)), (e) =>
    errors.push(e),
  );
  applyEvent(ev('session-deleted', { session_id: sessionId }));
  store({ id: uuid(), name: 'a.png', mime: 'image/png', size: 1 });
  refuse(new Error('session not found'));
  await settled();
  // A send refused because the session is gone puts its files back (the composer's restore).
  useComposerFilesStore
    .getState()
    .change(sessionId, (list) => [...list, { key: -1, name: 'c.png', attachment: null }]);
  assert.equal(useComposerFilesStore.getState().bySession[sessionId], undefined);
  assert.deepEqual(errors, []);
});
