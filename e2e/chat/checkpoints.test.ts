// Per-turn checkpoints with the real Claude Code CLI and real git: taken before and after each
// turn without touching the index or the stash, shown as the turn's diff, restored (refused over
// work done since, unless forced), and pruned with the session.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { RestoreResult, TurnDiff } from '../../server/contract/index.js';
import { gitIn } from '../../server/test-support/git.js';
import { startChatRig, type ChatRig } from './chat-harness.js';

describe('turn checkpoints (real CLI, real git)', () => {
  let rig: ChatRig;
  before(async () => {
    rig = await startChatRig('claude');
  });
  after(() => rig.close());

  test('a turn is snapshotted, diffed and restored; untracked files and the index survive', async () => {
    const { repo } = rig;
    // The user's own state: an untracked file, a staged edit, and an ignored build folder.
    await mkdir(path.join(repo, 'notes'));
    await writeFile(path.join(repo, 'notes/draft.txt'), 'draft\n');
    await writeFile(path.join(repo, '.gitignore'), 'build/\n');
    await mkdir(path.join(repo, 'build'));
    await writeFile(path.join(repo, 'build/out.js'), 'built\n');
    await writeFile(path.join(repo, 'README.md'), '# staged edit\n');
    gitIn(repo, 'add', 'README.md');
    const stagedBefore = gitIn(repo, 'diff', '--cached');

    // Claude Code writes over a file only once it has read it.
    rig.stub.script('Checkpoint turn one', [
      [{ tool: 'read', path: 'notes/draft.txt' }],
      [
        { tool: 'write', path: 'made.txt', content: 'made by the agent\n' },
        { tool: 'write', path: 'notes/draft.txt', content: 'draft, edited by the agent\n' },
      ],
      [{ text: 'Wrote two files.' }],
    ]);
    const session = await rig.createSession({ execution_mode: 'build' });
    const run = await rig.converse(session.id, 'Checkpoint turn one');
    assert.equal(run.terminal.event, 'run-completed', JSON.stringify(run.terminal.data));

    const { api } = rig.test;
    const list = await api.get(`/api/sessions/${session.id}/checkpoints`);
    assert.equal(list.status, 200, JSON.stringify(list.body));
    assert.equal(list.body.turns.length, 1);
    assert.equal(list.body.turns[0].run_id, run.runId);
    assert.ok(list.body.turns[0].before && list.body.turns[0].after);
    assert.equal(gitIn(repo, 'diff', '--cached'), stagedBefore, 'the index is untouched');
    assert.equal(gitIn(repo, 'stash', 'list'), '', 'the stash is untouched');

    const diff = await api.get(`/api/sessions/${session.id}/checkpoints/${run.runId}/diff`);
    assert.equal(diff.status, 200, JSON.stringify(diff.body));
    const files = (diff.body as TurnDiff).files.map((file) => [file.path, file.status]);
    assert.deepEqual(files, [
      ['made.txt', 'added'],
      ['notes/draft.txt', 'modified'],
    ]);

    // The user edits a file the turn made: restoring would throw that edit away.
    await writeFile(path.join(repo, 'made.txt'), 'my own edit\n');
    const restoreUrl = `/api/sessions/${session.id}/checkpoints/${run.runId}/restore`;
    const refused = await api.post(restoreUrl, {});
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    assert.equal(refused.body.error.code, 'checkpoint-would-lose-work');
    assert.match(refused.body.error.message, /made\.txt/);
    assert.equal(await readFile(path.join(repo, 'made.txt'), 'utf8'), 'my own edit\n');

    const forced = await api.post(restoreUrl, { force: true });
    assert.equal(forced.status, 200, JSON.stringify(forced.body));
    assert.deepEqual((forced.body as RestoreResult).restored_paths, [
      'made.txt',
      'notes/draft.txt',
    ]);
    assert.equal(existsSync(path.join(repo, 'made.txt')), false);
    assert.equal(await readFile(path.join(repo, 'notes/draft.txt'), 'utf8'), 'draft\n');
    assert.equal(await readFile(path.join(repo, 'build/out.js'), 'utf8'), 'built\n');
    assert.equal(gitIn(repo, 'diff', '--cached'), stagedBefore, 'still staged as it was');

    // Nothing changed since: a second restore goes through without force, changing nothing.
    const again = await api.post(restoreUrl, {});
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.deepEqual(again.body.restored_paths, []);

    const refs = () => gitIn(repo, 'for-each-ref', `refs/grove/checkpoints/${session.id}/`);
    assert.notEqual(refs(), '');
    assert.equal((await api.delete(`/api/sessions/${session.id}`)).status, 204);
    assert.equal(refs(), '', 'the checkpoints go with the session');
  });
});
