import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GroveEvent } from '../contract/index.js';
import { EventHub } from '../events/hub.js';
import { RunRecorder } from './run-recorder.js';

const ref = {
  session_id: '00000000-0000-4000-8000-000000000001',
  worktree_id: '00000000-0000-4000-8000-000000000002',
  run_id: '00000000-0000-4000-8000-000000000003',
  message_id: '00000000-0000-4000-8000-000000000004',
};

function recorderWithEvents(): { recorder: RunRecorder; events: GroveEvent[] } {
  const hub = new EventHub();
  const events: GroveEvent[] = [];
  hub.subscribe((event) => events.push(event));
  return { recorder: new RunRecorder(hub, ref), events };
}

const deltas = (events: GroveEvent[]) =>
  events.flatMap((event) => (event.event === 'message-delta' ? [event.data.text] : []));

test('text streamed as deltas is not sent again when its block completes', () => {
  const { recorder, events } = recorderWithEvents();
  recorder.apply({ type: 'delta', kind: 'text', text: 'Hel' });
  recorder.apply({ type: 'delta', kind: 'text', text: 'lo' });
  recorder.apply({ type: 'part', part: { type: 'text', text: 'Hello' } });
  assert.deepEqual(deltas(events), ['Hel', 'lo']);
  assert.deepEqual(recorder.settle(), [{ type: 'text', text: 'Hello' }]);
});

test('a whole part from a backend without deltas is shown at once as one delta', () => {
  const { recorder, events } = recorderWithEvents();
  recorder.apply({ type: 'part', part: { type: 'thinking', text: 'Considering.' } });
  recorder.apply({ type: 'part', part: { type: 'text', text: 'Done.' } });
  assert.deepEqual(deltas(events), ['Considering.', 'Done.']);
  assert.equal(recorder.finalText(), 'Done.');
});

test('tool calls and results are published with the run reference', () => {
  const { recorder, events } = recorderWithEvents();
  recorder.apply({
    type: 'part',
    part: { type: 'tool_use', id: 't1', name: 'Read', input: { file_path: 'a' } },
  });
  recorder.apply({
    type: 'part',
    part: { type: 'tool_result', tool_use_id: 't1', output: 'contents', is_error: false },
  });
  assert.deepEqual(
    events.map((event) => event.event),
    ['tool-use', 'tool-result'],
  );
  assert.deepEqual(events[0]?.data, { ...ref, id: 't1', name: 'Read', input: { file_path: 'a' } });
});

test('a partial answer cut off mid-block is kept when the run settles', () => {
  const { recorder } = recorderWithEvents();
  recorder.apply({ type: 'delta', kind: 'text', text: 'Half an ans' });
  assert.deepEqual(recorder.settle(), [{ type: 'text', text: 'Half an ans' }]);
});

test('the first error is the one reported', () => {
  const { recorder } = recorderWithEvents();
  recorder.apply({ type: 'error', code: 'model-not-found', message: 'no such model' });
  recorder.apply({ type: 'error', code: 'cli-crashed', message: 'exit 1' });
  assert.deepEqual(recorder.error, { code: 'model-not-found', message: 'no such model' });
});
