import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeRenameError } from './plain-errors.js';
import { nameToSave } from './rename.js';

describe('inline rename', () => {
  it('sends the trimmed name when it changed', () => {
    assert.equal(nameToSave('  Fix the login bug ', 'Session 1'), 'Fix the login bug');
  });

  it('sends nothing for a blank or unchanged name', () => {
    assert.equal(nameToSave('', 'acme'), null);
    assert.equal(nameToSave('   ', 'acme'), null);
    assert.equal(nameToSave('acme', 'acme'), null);
    assert.equal(nameToSave(' acme  ', 'acme'), null);
  });

  it('explains a refused rename in plain words', () => {
    assert.equal(
      describeRenameError('worktree', 'not-found', 'No worktree with id w1.'),
      'This worktree no longer exists; it may have been deleted in another window.',
    );
    assert.equal(
      describeRenameError('project', 'invalid-request', 'name: must be at most 120 characters.'),
      'Could not rename the project: the name must be at most 120 characters.',
    );
    assert.equal(
      describeRenameError('project', 'network', 'Grove is not reachable at http://x.'),
      'Could not rename the project. Grove is not reachable at http://x.',
    );
  });
});
