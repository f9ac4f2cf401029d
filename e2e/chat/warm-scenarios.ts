// What the warm-process tests of the CLIs that keep one process per conversation share.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gate } from '../model-stub/index.js';
import { streamedText, waitForRun, type ChatRig } from './chat-harness.js';

/** The raw log of one run, as the CLI wrote it. */
export function runLog(rig: ChatRig, sessionId: string, runId: string): Promise<string> {
  return readFile(
    path.join(rig.test.dataDir, 'transcripts', `${sessionId}.runs`, `${runId}.jsonl`),
    'utf8',
  );
}

/**
 * Two sessions' turns held mid-answer; one is cancelled, and only once it is (and `afterCancel`
 * has looked at it) may the other go on: it must still finish whole.
 */
export async function cancelOneOfTwoTurns(
  rig: ChatRig,
  newSession: () => Promise<string>,
  afterCancel: (cancelled: { sessionId: string; runId: string }) => Promise<void> = async () =>
    undefined,
): Promise<{ sessionId: string; runId: string }> {
  const held = gate();
  rig.stub.script('Hold november', [
    [{ text: 'november0' }, { hold: held.promise }, { text: ' Never written.' }],
  ]);
  rig.stub.script('Hold oscar', [
    [{ text: 'oscar0' }, { hold: held.promise }, { text: ' oscar done.' }],
  ]);
  const [cancelled, kept] = [await newSession(), await newSession()];
  const send = async (id: string, content: string) =>
    (await rig.test.api.post(`/api/sessions/${id}/messages`, { content })).body.run_id as string;
  const [cancelledRun, keptRun] = [
    await send(cancelled, 'Hold november'),
    await send(kept, 'Hold oscar'),
  ];
  for (const runId of [cancelledRun, keptRun]) {
    await rig.events.waitFor(
      (frame) =>
        frame.event === 'message-delta' && (frame.data as { run_id: string }).run_id === runId,
      120_000,
    );
  }
  assert.deepEqual((await rig.test.api.post(`/api/sessions/${cancelled}/cancel`)).body, {
    cancelled: true,
  });
  assert.equal((await waitForRun(rig.events, cancelledRun)).terminal.event, 'run-cancelled');
  await afterCancel({ sessionId: cancelled, runId: cancelledRun });
  held.open();
  const finished = await waitForRun(rig.events, keptRun);
  assert.equal(finished.terminal.event, 'run-completed', JSON.stringify(finished.terminal.data));
  assert.match(streamedText(finished.frames), /oscar done\./);
  return { sessionId: cancelled, runId: cancelledRun };
}
