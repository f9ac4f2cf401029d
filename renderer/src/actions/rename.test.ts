import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from '../api/client.js';
import { renameOptimistically, type NamedThing } from './rename.js';

/** A worktree name held in a variable; `save` answers as the server would. */
function worktreeNamed(name: string, save: NamedThing['save']): NamedThing & { name: string } {
  const thing = {
    kind: 'worktree' as const,
    name,
    shownName: () => thing.name,
    show: (shown: string) => {
      thing.name = shown;
    },
    save,
  };
  return thing;
}

test('the new name shows at once and stays when the server takes it', async () => {
  let shownWhileSaving = '';
  const thing = worktreeNamed('fix-login', async () => {
    shownWhileSaving = thing.name;
  });
  await renameOptimistically(thing, 'Login fix');
  assert.equal(shownWhileSaving, 'Login fix');
  assert.equal(thing.name, 'Login fix');
});

test('a refusal puts the old name back and says why in plain words', async () => {
  const thing = worktreeNamed('fix-login', () =>
    Promise.reject(new ApiError(404, 'not-found', 'No worktree with id x.')),
  );
  await assert.rejects(renameOptimistically(thing, 'Login fix'), /no longer exists/);
  assert.equal(thing.name, 'fix-login');
});

test('a refusal leaves alone a name that changed meanwhile', async () => {
  const thing = worktreeNamed('fix-login', async () => {
    thing.name = 'Renamed elsewhere';
    throw new ApiError(400, 'invalid-request', 'name: must be at most 120 characters.');
  });
  await assert.rejects(renameOptimistically(thing, 'Login fix'), /at most 120 characters/);
  assert.equal(thing.name, 'Renamed elsewhere');
});
