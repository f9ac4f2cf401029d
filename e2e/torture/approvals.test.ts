// Approvals under attack: many windows answering the same asks at once, and answers that make no
// sense. Each ask must be settled exactly once, and the agent told exactly that answer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EventMap } from '../../server/contract/index.js';
import { newSession, npmTest, startRun, world } from '../../server/test-support/approvals-world.js';
import { report, scale } from './torture-support.js';

type Decision = 'allow' | 'deny';

describe('torture: approvals', { timeout: scale(180_000, 900_000) }, () => {
  it('racing answers from many windows: each ask settled once, as the agent was told', async () => {
    const w = await world();
    const session = await newSession(w.test, 'build');
    const turn = await startRun(w, session);
    const count = scale(20, 200);
    const answerers = scale(5, 10);
    // Distinct commands, so no answer covers another ask.
    const told = Array.from({ length: count }, (_, index) =>
      turn.io.requestApproval({
        ...npmTest,
        input: { command: `npm run task-${index}` },
        description: `npm run task-${index}`,
      }),
    );
    const watcher = w.windows[1]!;
    await watcher.waitFor(
      () => watcher.events('approval-requested').length === count,
      scale(60_000, 300_000),
    );
    const asks = watcher
      .events('approval-requested')
      .map((frame) => (frame.data as EventMap['approval-requested']).approval);

    const statuses = new Map<number, number>();
    const winners = new Map<string, Decision>();
    for (const ask of asks) {
      const answers = await Promise.all(
        Array.from({ length: answerers }, (_, index) => {
          const decision: Decision = index % 2 === 0 ? 'allow' : 'deny';
          return w.api
            .post(`/api/sessions/${session.id}/approvals/${ask.id}`, { decision })
            .then((answer) => ({ answer, decision }));
        }),
      );
      for (const { answer, decision } of answers) {
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (answer.status === 200) {
          assert.ok(!winners.has(ask.id), `${ask.id} was answered twice`);
          winners.set(ask.id, decision);
        } else {
          assert.equal(answer.status, 409, JSON.stringify(answer.body));
          assert.equal(answer.body.error.code, 'approval-not-pending');
        }
      }
    }
    assert.equal(winners.size, count);
    const answersSeen = await Promise.all(told);
    asks.forEach((ask, index) => {
      // Asks are announced in the order they were made.
      assert.equal(answersSeen[index]!.behavior, winners.get(ask.id), ask.id);
    });
    await watcher.waitFor(
      () => watcher.events('approval-resolved').length >= count,
      scale(60_000, 300_000),
    );
    const resolved = watcher
      .events('approval-resolved')
      .map((frame) => (frame.data as EventMap['approval-resolved']).approval_id);
    assert.equal(new Set(resolved).size, count, 'one resolution per ask');
    assert.equal(resolved.length, count, 'no ask resolved twice');

    // Nonsense answers: refused, and nothing changes.
    const unknown = await w.api.post(
      `/api/sessions/${session.id}/approvals/00000000-0000-4000-8000-000000000000`,
      { decision: 'allow' },
    );
    assert.equal(unknown.status, 404);
    const badDecision = await w.api.post(`/api/sessions/${session.id}/approvals/${asks[0]!.id}`, {
      decision: 'maybe',
    });
    assert.equal(badDecision.status, 400);
    const after = await w.api.get(`/api/sessions/${session.id}`);
    assert.deepEqual(after.body.pending_approvals, []);
    turn.end();
    report('approvals race', {
      asks: count,
      answers: count * answerers,
      accepted: statuses.get(200) ?? 0,
      refused_409: statuses.get(409) ?? 0,
      other_statuses: [...statuses.keys()].filter((status) => ![200, 409].includes(status)).length,
    });
  });
});
