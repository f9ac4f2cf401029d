import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commandName, displayPath, shellWords } from './approval-text.js';

describe('approval text', () => {
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

  it('names files in the worktree relative to it', () => {
    assert.equal(displayPath('/wt', '/wt/src/app.ts'), 'src/app.ts');
    assert.equal(displayPath('/wt', '/etc/hosts'), '/etc/hosts');
    assert.equal(displayPath('/wt', '/wt-other/a.ts'), '/wt-other/a.ts');
  });
});
