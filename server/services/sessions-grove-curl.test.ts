// scripts/grove-curl.sh against a real server: token from the data dir, JSON, clear failures.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Session } from '../contract/index.js';
import { removeDir, tempDir } from '../test-support/harness.js';
import { startWorld, type SessionsWorld } from '../test-support/sessions-fixture.js';

const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const noCurl = spawnSync('curl', ['--version']).status === 0 ? false : 'curl is not installed';

describe('scripts/grove-curl.sh', { skip: noCurl }, () => {
  const script = path.join(repoRoot, 'scripts', 'grove-curl.sh');
  let world: SessionsWorld;
  let home: string;
  before(async () => {
    world = await startWorld();
    home = await tempDir('grove-home-');
  });
  after(async () => {
    await world.close();
    await removeDir(home);
  });

  const groveCurl = (args: string[], env: Record<string, string | undefined>) =>
    run('bash', [script, ...args], {
      env: { PATH: process.env.PATH, HOME: home, GROVE_URL: world.test.server.url, ...env },
    });

  test('sends the token from the data dir and JSON bodies', async () => {
    const env = { GROVE_DATA_DIR: world.dataDir };
    const worktreeId = await world.newWorktree();
    const sessions = `/api/worktrees/${worktreeId}/sessions`;
    const created = await groveCurl(['-X', 'POST', sessions, '-d', '{"name":"x"}'], env);
    const session = Session.parse(JSON.parse(created.stdout));
    assert.equal(session.name, 'x');

    const patched = await groveCurl(
      ['-X', 'PATCH', '-d', '{"model":"opus"}', `/api/sessions/${session.id}`],
      env,
    );
    assert.equal(Session.parse(JSON.parse(patched.stdout)).model, 'opus');

    const listed = await groveCurl([`${sessions}?include_archived=true`], env);
    assert.deepEqual(
      (JSON.parse(listed.stdout) as Session[]).map((item) => item.id),
      [session.id],
    );
    const status = await groveCurl(
      ['-o', '/dev/null', '-w', '%{http_code}', '-X', 'DELETE', `/api/sessions/${session.id}`],
      env,
    );
    assert.equal(status.stdout, '204');
  });

  test(
    "falls back to the platform's data dir when GROVE_DATA_DIR is unset",
    { skip: process.platform === 'win32' },
    async () => {
      const dataDir =
        process.platform === 'darwin'
          ? path.join(home, 'Library', 'Application Support', 'Grove')
          : path.join(home, '.config', 'Grove');
      await mkdir(dataDir, { recursive: true });
      await writeFile(path.join(dataDir, 'token'), `${world.test.server.token}\n`);
      const { stdout } = await groveCurl(['/api/preferences'], { XDG_CONFIG_HOME: undefined });
      assert.equal(JSON.parse(stdout).default_backend, 'claude');
    },
  );

  test('says what is wrong when the token or the path is missing', async () => {
    await assert.rejects(
      groveCurl(['/api/projects'], { GROVE_DATA_DIR: path.join(home, 'nowhere') }),
      (error: any) => {
        assert.equal(error.code, 1);
        assert.match(error.stderr, /no token at .*nowhere\/token/);
        return true;
      },
    );
    await assert.rejects(
      groveCurl(['-X', 'GET'], { GROVE_DATA_DIR: world.dataDir }),
      (error: any) => {
        assert.equal(error.code, 2);
        assert.match(error.stderr, /usage:/);
        return true;
      },
    );
  });
});
