// Attachments reach the model through each real CLI: an image arrives as an image (the stub
// counts image blocks and answers with what it saw), a text file as its text.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Backend, Message } from '../../server/contract/index.js';
import { TINY_PNG, uploadAttachment } from '../../server/test-support/attachments.js';
import { startChatRig, waitForRun, type ChatRig } from './chat-harness.js';

const NOTE = 'the launch code is 4217';

/** Run from attachments-<cli>.test.ts, one file per CLI. */
export function defineAttachmentScenarios(backend: Backend): void {
  describe(`attachments through ${backend}`, () => {
    let rig: ChatRig;
    before(async () => {
      rig = await startChatRig(backend);
    });
    after(() => rig.close());

    test(
      'the model receives the attached image and the text file',
      { timeout: 240_000 },
      async () => {
        const session = await rig.createSession({ execution_mode: 'build' });
        const api = rig.test.api;
        const image = await uploadAttachment(api, session.id, 'shot.png', TINY_PNG);
        const note = await uploadAttachment(api, session.id, 'note.txt', Buffer.from(NOTE));
        assert.equal(image.status, 201);
        assert.equal(note.status, 201);
        rig.stub.script('describe the attachments', [[{ echoImages: true }]]);

        const sent = await api.post(`/api/sessions/${session.id}/messages`, {
          content: 'describe the attachments',
          attachments: [image.body.id, note.body.id],
        });
        assert.equal(sent.status, 202);
        const run = await waitForRun(rig.events, sent.body.run_id, 200_000);
        assert.equal(run.terminal.event, 'run-completed', JSON.stringify(run.terminal.data));

        const request = rig.stub.mainRequests(backend).at(-1);
        assert.deepEqual(request?.images, ['image/png']);
        assert.ok(JSON.stringify(request?.body).includes(NOTE), 'the text file reached the model');
        const messages = (await api.get(`/api/sessions/${session.id}/messages`)).body
          .messages as Message[];
        const answer = messages.at(-1)?.parts.find((part) => part.type === 'text');
        assert.equal(
          answer?.type === 'text' && answer.text.trim(),
          'Images received: 1 (image/png).',
        );
      },
    );

    test(
      'an image sent without any text reaches the model alone',
      { timeout: 240_000 },
      async () => {
        const session = await rig.createSession({ execution_mode: 'build' });
        const api = rig.test.api;
        const image = await uploadAttachment(api, session.id, 'alone.png', TINY_PNG);
        const sent = await api.post(`/api/sessions/${session.id}/messages`, {
          content: '',
          attachments: [image.body.id],
        });
        assert.equal(sent.status, 202, JSON.stringify(sent.body));
        const run = await waitForRun(rig.events, sent.body.run_id, 200_000);
        assert.equal(run.terminal.event, 'run-completed', JSON.stringify(run.terminal.data));
        const request = rig.stub.mainRequests(backend).at(-1);
        assert.deepEqual(request?.images, ['image/png']);
      },
    );
  });
}
