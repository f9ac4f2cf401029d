// Per-CLI turn figures for `npm run bench`: the real claude, codex and opencode binaries, through
// the real server, against the scripted model stub, so only the CLIs' own costs are measured.
// The first turn of a session pays for starting what a CLI keeps warm; follow-ups should not.
import { performance } from 'node:perf_hooks';
import { BACKENDS, type Backend } from '../server/contract/index.js';
import { startChatRig, waitForRun, type ChatRig } from '../e2e/chat/chat-harness.js';
import type { Figure } from './bench/table.js';
import { processesIn } from '../server/test-support/processes.js';

const WORDS = 20;
/** The stub's pause between words: the answer takes about 1 s to write. */
const CHUNK_DELAY_MS = 50;
/** The targets for a follow-up turn's first text, by CLI. */
const FOLLOW_UP_TARGET_MS: Record<Backend, number> = { opencode: 1500, claude: 1000, codex: 600 };

interface TurnTimes {
  firstText: number;
  whole: number;
}

/** For each CLI: from the send to the first text a client sees, first turn and follow-ups. */
export async function benchAgentTurns(
  add: (figure: Figure) => void,
  median: (samples: number[]) => number,
  followUps: number,
) {
  for (const backend of BACKENDS) await benchAgent(backend, add, median, followUps);
}

/**
 * One CLI's turns: a build session's first turn and follow-ups, then a follow-up after a switch
 * to plan, and a new session's first turn in yolo (a new mode that may need a process of its own).
 */
async function benchAgent(
  backend: Backend,
  add: (figure: Figure) => void,
  median: (samples: number[]) => number,
  followUps: number,
) {
  const rig = await startChatRig(backend);
  try {
    const words = Array.from({ length: WORDS }, (_, index) => `bench${index}`).join(' ');
    rig.stub.script('Bench turn', [[{ text: words, chunkDelayMs: CHUNK_DELAY_MS }]]);
    const { id } = await rig.createSession({ execution_mode: 'build' });
    const first = await timedTurn(rig, backend, id);
    const later: TurnTimes[] = [];
    for (let turn = 0; turn < followUps; turn++) later.push(await timedTurn(rig, backend, id));
    add({
      name: `${backend}: first turn, first text seen / whole turn`,
      value: `${first.firstText.toFixed(0)} / ${first.whole.toFixed(0)}`,
      unit: 'ms',
    });
    const followUp = median(later.map((times) => times.firstText));
    const target = FOLLOW_UP_TARGET_MS[backend];
    add({
      name: `${backend}: follow-up, first text seen p50 (${followUps} turns)`,
      value: Math.round(followUp),
      unit: 'ms',
      reference: `whole turn p50 ${median(later.map((times) => times.whole)).toFixed(0)} ms`,
      target: `< ${target} ms`,
      met: followUp < target,
    });
    await rig.test.api.patch(`/api/sessions/${id}`, { execution_mode: 'plan' });
    const switched = await timedTurn(rig, backend, id);
    const yolo = (await rig.createSession({ execution_mode: 'yolo' })).id;
    const otherMode = await timedTurn(rig, backend, yolo);
    add({
      name: `${backend}: first text seen, follow-up after a switch to plan / new yolo session`,
      value: `${switched.firstText.toFixed(0)} / ${otherMode.firstText.toFixed(0)}`,
      unit: 'ms',
      reference: `same-mode follow-up ${Math.round(followUp)} ms`,
    });
    if (backend === 'opencode') {
      add({
        name: 'opencode: warm server processes after turns in build, plan and yolo',
        value: processesIn(rig.warmDir).filter((item) => / serve /.test(item.command)).length,
        unit: '',
      });
    }
  } finally {
    await rig.close();
  }
}

async function timedTurn(rig: ChatRig, backend: Backend, sessionId: string): Promise<TurnTimes> {
  let seenAt = 0;
  const from = rig.events.frames.length;
  const onFrame = () => {
    const frames = rig.events.frames.slice(from);
    if (!seenAt && frames.some((frame) => frame.event === 'message-delta'))
      seenAt = performance.now();
  };
  rig.events.socket.on('message', onFrame);
  const sentAt = performance.now();
  const sent = await rig.test.api.post(`/api/sessions/${sessionId}/messages`, {
    content: 'Bench turn',
  });
  const run = await waitForRun(rig.events, sent.body.run_id as string);
  rig.events.socket.off('message', onFrame);
  if (run.terminal.event !== 'run-completed')
    throw new Error(`${backend} turn ended with ${JSON.stringify(run.terminal)}`);
  return { firstText: seenAt - sentAt, whole: performance.now() - sentAt };
}
