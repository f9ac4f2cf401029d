import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { activeMention, insertMention, splitMentions } from './mentions.js';

describe('@file mentions', () => {
  test('the caret is in a mention after an @ at the start or after whitespace', () => {
    assert.deepEqual(activeMention('@src/ma', 7), { start: 0, query: 'src/ma' });
    assert.deepEqual(activeMention('look at @', 9), { start: 8, query: '' });
    assert.equal(activeMention('mail me@example.com', 19), null, 'an @ inside a word');
    assert.equal(activeMention('@src/main.ts done', 17), null, 'a space since');
  });

  test('picking a file replaces the query (and the rest of its word) with @path and a space', () => {
    const text = 'fix @ma please';
    const mention = activeMention(text, 7);
    assert.ok(mention);
    assert.deepEqual(insertMention(text, 7, mention, 'src/main.ts'), {
      text: 'fix @src/main.ts please',
      caret: 17,
    });
    assert.deepEqual(insertMention('@xy', 2, { start: 0, query: 'x' }, 'a.ts'), {
      text: '@a.ts ',
      caret: 6,
    });
  });

  test('a message splits into text and mention chips; sentence punctuation stays text', () => {
    assert.deepEqual(splitMentions('Read @src/a.ts, then @b.md.'), [
      { kind: 'text', text: 'Read ' },
      { kind: 'mention', path: 'src/a.ts' },
      { kind: 'text', text: ', then ' },
      { kind: 'mention', path: 'b.md' },
      { kind: 'text', text: '.' },
    ]);
    assert.deepEqual(splitMentions('mail me@example.com'), [
      { kind: 'text', text: 'mail me@example.com' },
    ]);
  });
});
