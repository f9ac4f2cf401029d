import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BACKENDS } from '../../server/contract/index.js';
import { startChatRig, waitForRun, type ChatRig } from './chat-harness.js';

const WORDS = 20;
const CHUNK_DELAY_MS = 100;

interface Arrival {
  event: string;
  runId: string | undefined;
  kind: string | undefined;
  text: string | undefined;
  at: number;
}

/**
 * A slow answer (one word every 100 ms) must reach a WebSocket client word by word while the model
 * is still writing, not all at once when it is done.
 */
for (const backend of BACKENDS) {
  describe(`live text deltas with the real ${backend} CLI`, () => {
    let rig: ChatRig;
    before(async () => {
      rig = await startChatRig(backend);
    });
    after(async () => {
      await rig.close();
    });

    test('text deltas reach the client while the answer is written', async (t) => {
      // Arrival times on the client's own socket: the recorder keeps frames, not when they came.
      const arrivals: Arrival[] = [];
      rig.events.socket.on('message', (raw) => {
        const frame = JSON.parse(String(raw)) as { event: string; data: Record<string, unknown> };
        const field = (name: string) => {
          const value = frame.data?.[name];
          return typeof value === 'string' ? value : undefined;
        };
        const [runId, kind, text] = [field('run_id'), field('kind'), field('text')];
        arrivals.push({ event: frame.event, runId, kind, text, at: Date.now() });
      });
      const words = Array.from({ length: WORDS }, (_, index) => `lima${index}`).join(' ');
      rig.stub.script('Stream slowly lima', [[{ text: words, chunkDelayMs: CHUNK_DELAY_MS }]]);
      const session = await rig.createSession({ execution_mode: 'build' });
      const sent = await rig.test.api.post(`/api/sessions/${session.id}/messages`, {
        content: 'Stream slowly lima',
      });
      assert.equal(sent.status, 202, JSON.stringify(sent.body));
      const run = await waitForRun(rig.events, sent.body.run_id as string);
      assert.equal(run.terminal.event, 'run-completed', JSON.stringify(run.terminal.data));

      const ofRun = arrivals.filter((arrival) => arrival.runId === run.runId);
      const at = (event: string) => ofRun.find((arrival) => arrival.event === event)?.at;
      const started = at('run-started');
      const completed = at('run-completed');
      const deltas = ofRun.filter((a) => a.event === 'message-delta' && a.kind === 'text');
      const first = deltas[0]?.at;
      const last = deltas.at(-1)?.at;
      assert.ok(started && completed && first && last, 'run-started, deltas and run-completed');
      t.diagnostic(
        `${backend}: first text delta ${first - started} ms after run-started; ` +
          `${deltas.length} text deltas over ${last - first} ms; run took ${completed - started} ms`,
      );

      assert.equal(deltas.map((delta) => delta.text).join(''), words, 'the deltas make the answer');
      assert.ok(deltas.length >= WORDS / 2, `word by word, not whole (${deltas.length} deltas)`);
      // Written over about 1.9 s; half of that leaves room for a loaded machine.
      assert.ok(last - first >= 900, `spread as written (${last - first} ms)`);
      assert.ok(completed - first >= 900, `the first word came well before the end`);
    });
  });
}
