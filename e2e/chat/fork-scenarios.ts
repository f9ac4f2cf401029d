// "Fork from here" with each real CLI: at the end of a conversation the CLI's own conversation
// is forked (the model sees the earlier turns, and the fork gets its own conversation id); from
// an earlier answer it is forked cut after that answer.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Backend, Message, Session } from '../../server/contract/index.js';
import { startChatRig, type ChatRig } from './chat-harness.js';

/** Every text the model was sent in a request, as one string. */
const sentText = (body: unknown) => JSON.stringify(body);

export function defineForkScenarios(backend: Backend): void {
  describe(`fork through ${backend}`, () => {
    let rig: ChatRig;
    before(async () => {
      rig = await startChatRig(backend);
    });
    after(() => rig.close());

    const history = async (sessionId: string) =>
      (await rig.test.api.get(`/api/sessions/${sessionId}/messages`)).body.messages as Message[];
    const session = async (sessionId: string) =>
      (await rig.test.api.get(`/api/sessions/${sessionId}`)).body as Session;

    test('forked at the end, the CLI conversation is forked', { timeout: 300_000 }, async () => {
      rig.stub.script('remember the word kumquat', [[{ text: 'Noted: kumquat.' }]]);
      rig.stub.script('remember the word papaya', [[{ text: 'Noted: papaya.' }]]);
      rig.stub.script('which word', [[{ text: 'The word.' }]]);
      const source = await rig.createSession({ execution_mode: 'build' });
      await rig.converse(source.id, 'remember the word kumquat');
      await rig.converse(source.id, 'remember the word papaya');
      const [, , , last] = await history(source.id);
      assert.ok(last);

      const forked = await rig.test.api.post(`/api/sessions/${source.id}/fork`, {
        message_id: last.id,
      });
      assert.equal(forked.status, 201, JSON.stringify(forked.body));
      const fork = forked.body as Session;
      assert.equal(fork.message_count, 4);
      assert.deepEqual(
        (await history(fork.id)).map((message) => message.parts),
        (await history(source.id)).map((message) => message.parts),
      );

      const run = await rig.converse(fork.id, 'which word did I give last?');
      assert.equal(run.terminal.event, 'run-completed', JSON.stringify(run.terminal.data));
      const request = rig.stub.mainRequests(backend).at(-1);
      assert.match(sentText(request?.body), /remember the word papaya/);
      assert.doesNotMatch(sentText(request?.body), /earlier-conversation/);
      const sourceId = (await session(source.id)).resume_ids[backend];
      const forkId = (await session(fork.id)).resume_ids[backend];
      assert.ok(forkId);
      assert.notEqual(forkId, sourceId, 'the fork has a conversation of its own');
    });

    test(
      'forked earlier, the model sees the history up to there and no further',
      { timeout: 300_000 },
      async () => {
        rig.stub.script('the colour is teal', [[{ text: 'Teal it is.' }]]);
        rig.stub.script('the colour is mauve', [[{ text: 'Mauve it is.' }]]);
        rig.stub.script('which colour', [[{ text: 'A colour.' }]]);
        const source = await rig.createSession({ execution_mode: 'build' });
        await rig.converse(source.id, 'the colour is teal');
        await rig.converse(source.id, 'the colour is mauve');
        const [, firstAnswer] = await history(source.id);
        assert.ok(firstAnswer);

        const fork = (
          await rig.test.api.post(`/api/sessions/${source.id}/fork`, { message_id: firstAnswer.id })
        ).body as Session;
        assert.equal(fork.message_count, 2);
        const run = await rig.converse(fork.id, 'which colour did I say?');
        assert.equal(run.terminal.event, 'run-completed', JSON.stringify(run.terminal.data));
        const sent = sentText(rig.stub.mainRequests(backend).at(-1)?.body);
        // The CLI's own conversation is cut after the answer: no history goes in the prompt.
        assert.doesNotMatch(sent, /earlier-conversation/);
        assert.match(sent, /the colour is teal/);
        assert.match(sent, /Teal it is/);
        assert.doesNotMatch(sent, /mauve/);
      },
    );
  });
}
