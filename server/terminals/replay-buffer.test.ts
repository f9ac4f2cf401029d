import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReplayBuffer } from './replay-buffer.js';

test('keeps everything under the limit, in order', () => {
  const buffer = new ReplayBuffer(10);
  buffer.append(Buffer.from('abc'));
  buffer.append(Buffer.from(''));
  buffer.append(Buffer.from('def'));
  assert.equal(buffer.contents().toString(), 'abcdef');
  assert.equal(buffer.byteLength, 6);
});

test('keeps only the last `limit` bytes, cutting inside the oldest chunk', () => {
  const buffer = new ReplayBuffer(5);
  buffer.append(Buffer.from('0123'));
  buffer.append(Buffer.from('4567'));
  assert.equal(buffer.contents().toString(), '34567');
  buffer.append(Buffer.from('89abcdef'));
  assert.equal(buffer.contents().toString(), 'bcdef');
  assert.equal(buffer.byteLength, 5);
});

test('never starts in the middle of a UTF-8 character', () => {
  const buffer = new ReplayBuffer(5);
  // "é" is two bytes: a cut after its first byte moves on to the next character.
  buffer.append(Buffer.from('aébcd'));
  buffer.append(Buffer.from('e'));
  const kept = buffer.contents();
  assert.equal(kept.toString('utf8'), 'bcde');
  assert.ok(kept.length <= 5);
});
