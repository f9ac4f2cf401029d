import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import {
  fakeTurn,
  startFakeServe,
  waitFor,
  type FakeServe,
} from '../../test-support/opencode-fake-server.js';
import { turnRequest } from '../shared/turn-matrix.js';
import type { ApprovalAnswer } from '../shared/types.js';

const CWD = turnRequest().cwd;
// As opencode 1.18.33 sent them in build mode (`bash: ask`) for the model stub's calls.
const bashAsked = {
  id: 'per_24844a2ef001lSVpwCEx5iHIiu',
  permission: 'bash',
  patterns: ['echo hi > made.txt', 'echo done'],
  metadata: { command: 'echo hi > made.txt && echo done' },
  always: ['echo *'],
  tool: { messageID: 'msg_248447d9f001pCHROp3rvMlc50', callID: 'toolu_stub_t0_0001' },
};
const editAsked = {
  id: 'per_2',
  permission: 'edit',
  patterns: ['src/app.ts'],
  metadata: { filepath: `${CWD}/src/app.ts`, diff: 'Index: src/app.ts\n+hello\n' },
  always: ['*'],
};

describe('opencode approvals', () => {
  let fake: FakeServe;
  before(async () => {
    fake = await startFakeServe();
  });
  afterEach(() => {
    fake.requests.length = 0;
    fake.replies.length = 0;
    fake.onPrompt = () => undefined;
    fake.closeStreams();
  });
  after(() => fake.close());

  /** A turn that asks `asked` once it runs, answered with `answer`; ends at idle. */
  async function askedTurn(asked: Record<string, unknown>, answer: ApprovalAnswer) {
    let answered: (value: ApprovalAnswer) => void = () => undefined;
    const { io, listen } = fakeTurn(fake, { busyCheckMs: 60_000 }, () => {
      return new Promise<ApprovalAnswer>((resolve) => {
        answered = resolve;
      });
    });
    fake.onPrompt = () => {
      fake.publish('session.status', { status: { type: 'busy' } });
      fake.publish('permission.asked', asked);
    };
    listen();
    await waitFor(() => io.asks.length === 1);
    assert.deepEqual(fake.replies, [], 'OpenCode waits until the chat layer answers');
    answered(answer);
    await waitFor(() => fake.replies.length === 1);
    fake.publish('session.idle');
    await waitFor(() => io.terminated);
    return { ask: io.asks[0], reply: fake.replies[0] };
  }

  it('asks for a shell command by its command line, and replies once to an allow', async () => {
    const { ask, reply } = await askedTurn(bashAsked, { behavior: 'allow', always: true });
    assert.deepEqual(ask, {
      tool: 'bash',
      kind: 'command',
      input: { command: 'echo hi > made.txt && echo done' },
      description: 'echo hi > made.txt && echo done',
      commandName: 'echo',
    });
    // Allow-always is Grove's rule: OpenCode must ask again next time.
    assert.deepEqual(reply, { requestId: bashAsked.id, reply: 'once' });
  });

  it("asks for an edit with its diff, and rejects a deny with the user's message", async () => {
    const message = 'Keep app.ts as it is.';
    const { ask, reply } = await askedTurn(editAsked, { behavior: 'deny', message });
    assert.deepEqual(ask, {
      tool: 'edit',
      kind: 'edit',
      input: { filepath: `${CWD}/src/app.ts`, diff: 'Index: src/app.ts\n+hello\n' },
      description: 'Edit src/app.ts',
      commandName: null,
    });
    assert.deepEqual(reply, { requestId: 'per_2', reply: 'reject', message });
  });

  it('always rejects with a message, so OpenCode lets the agent go on', async () => {
    const { reply } = await askedTurn(bashAsked, { behavior: 'deny', message: ' ' });
    assert.deepEqual(reply, {
      requestId: bashAsked.id,
      reply: 'reject',
      message: 'The user denied this action.',
    });
  });

  it('shows any other permission by its patterns', async () => {
    const asked = {
      id: 'per_3',
      permission: 'external_directory',
      patterns: ['/etc/*'],
      metadata: {},
      always: ['/etc/*'],
    };
    const { ask } = await askedTurn(asked, { behavior: 'deny', message: 'No.' });
    assert.deepEqual(ask, {
      tool: 'external_directory',
      kind: 'other',
      input: { patterns: ['/etc/*'], metadata: {} },
      description: 'external_directory: /etc/*',
      commandName: null,
    });
  });
});
