import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commandName, shellWords } from './command-line.js';

describe('command lines', () => {
  it('splits words as the shell quotes them', () => {
    assert.deepEqual(shellWords(`/bin/bash -lc 'echo "a b" > it'\\''s.txt'`), [
      '/bin/bash',
      '-lc',
      `echo "a b" > it's.txt`,
    ]);
    assert.deepEqual(shellWords(`printf "say \\"hi\\" \\$HOME" a\\ b ''`), [
      'printf',
      'say "hi" $HOME',
      'a b',
      '',
    ]);
  });

  it('names the program a command starts', () => {
    assert.equal(commandName('npm test'), 'npm');
    assert.equal(commandName('NODE_ENV=test CI=1 npm test && git status'), 'npm');
    assert.equal(commandName('ls;rm -rf x'), 'ls');
    assert.equal(commandName('   '), null);
  });
});
