// Per-CLI turn figures for `npm run bench`: the real claude, codex and opencode binaries, through
// the real server, against the scripted model stub, so only the CLIs' own costs are measured.
import { performance } from 'node:perf_hooks';
import { BACKENDS } from '../server/contract/index.js';
import { startChatRig, waitForRun } from '../e2e/chat/chat-harness.js';

const WORDS = 20;
/** The stub's pause between words: the answer takes about 1 s to write. */
const CHUNK_DELAY_MS = 50;

type Record = (name: string, value: string) => void;

/** For each CLI: from the send to the first text a client sees, and to the end of the turn. */
export async function benchAgentTurns(
  record: Record,
  median: (samples: number[]) => number,
  turns: number,
) {
  for (const backend of BACKENDS) {
    const rig = await startChatRig(backend);
    try {
      const words = Array.from({ length: WORDS }, (_, index) => `bench${index}`).join(' ');
      rig.stub.script('Bench turn', [[{ text: words, chunkDelayMs: CHUNK_DELAY_MS }]]);
      const firstText: number[] = [];
      const whole: number[] = [];
      for (let turn = 0; turn < turns; turn++) {
        const { id } = await rig.createSession({ execution_mode: 'build' });
        let seenAt = 0;
        const from = rig.events.frames.length;
        const onFrame = () => {
          const frames = rig.events.frames.slice(from);
          if (!seenAt && frames.some((frame) => frame.event === 'message-delta'))
            seenAt = performance.now();
        };
        rig.events.socket.on('message', onFrame);
        const sentAt = performance.now();
        const sent = await rig.test.api.post(`/api/sessions/${id}/messages`, {
          content: 'Bench turn',
        });
        const run = await waitForRun(rig.events, sent.body.run_id as string);
        rig.events.socket.off('message', onFrame);
        if (run.terminal.event !== 'run-completed')
          throw new Error(`${backend} turn ended with ${JSON.stringify(run.terminal)}`);
        firstText.push(seenAt - sentAt);
        whole.push(performance.now() - sentAt);
      }
      record(
        `${backend}: first text seen / whole turn p50 (ms)`,
        `${median(firstText).toFixed(0)} / ${median(whole).toFixed(0)}`,
      );
    } finally {
      await rig.close();
    }
  }
}
