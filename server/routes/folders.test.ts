import assert from 'node:assert/strict';
import { mkdir, realpath, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FolderListing } from '../contract/index.js';
import { gitIn } from '../test-support/git.js';
import { removeDir, startTestServer, tempDir, type TestServer } from '../test-support/harness.js';
import { errorCode } from '../test-support/http.js';

describe('GET /api/folders: the add-project path completion', () => {
  let t: TestServer;
  let home: string;
  let outside: string;
  before(async () => {
    home = await realpath(await tempDir('grove-home-'));
    outside = await realpath(await tempDir('grove-outside-'));
    await mkdir(path.join(home, 'code', 'app'), { recursive: true });
    await mkdir(path.join(home, 'code', 'notes'));
    await mkdir(path.join(home, '.hidden'));
    await mkdir(path.join(home, 'Documents'));
    await writeFile(path.join(home, 'file.txt'), 'a file\n');
    gitIn(path.join(home, 'code'), 'init', '-q', 'app');
    await symlink(outside, path.join(home, 'escape'));
    t = await startTestServer({ homeDir: home });
  });
  after(async () => {
    await t.close();
    await Promise.all([t.dataDir, home, outside].map(removeDir));
  });

  test('without a path it lists the home folder: sub-folders only, hidden ones left out, sorted', async () => {
    const listed = await t.api.get<FolderListing>('/api/folders');
    assert.equal(listed.status, 200);
    assert.equal(listed.body.path, home);
    assert.equal(listed.body.home, home);
    assert.equal(listed.body.parent, null);
    assert.deepEqual(
      listed.body.folders.map((folder) => folder.name),
      ['code', 'Documents'],
      'the symlink out of home is not listed as a folder to open',
    );
  });

  test('a sub-folder (absolute or ~/) marks git repositories', async () => {
    for (const asked of [path.join(home, 'code'), '~/code']) {
      const listed = await t.api.get<FolderListing>(
        `/api/folders?path=${encodeURIComponent(asked)}`,
      );
      assert.equal(listed.status, 200, asked);
      assert.equal(listed.body.parent, home);
      assert.deepEqual(listed.body.folders, [
        { name: 'app', path: path.join(home, 'code', 'app'), git: true },
        { name: 'notes', path: path.join(home, 'code', 'notes'), git: false },
      ]);
    }
  });

  test('a missing folder is folder-not-found; outside the home (also through a symlink) is outside-home', async () => {
    const missing = await t.api.get(`/api/folders?path=${encodeURIComponent('~/nope')}`);
    assert.equal(missing.status, 400);
    assert.equal(errorCode(missing.body), 'folder-not-found');
    const file = await t.api.get(`/api/folders?path=${encodeURIComponent('~/file.txt')}`);
    assert.equal(errorCode(file.body), 'folder-not-found');
    for (const asked of [outside, path.join(home, 'escape'), `${home}/..`]) {
      const refused = await t.api.get(`/api/folders?path=${encodeURIComponent(asked)}`);
      assert.equal(refused.status, 400, asked);
      assert.equal(errorCode(refused.body), 'outside-home');
    }
  });

  test('it needs the token', async () => {
    const response = await fetch(`${t.server.url}/api/folders`);
    assert.equal(response.status, 401);
  });
});
