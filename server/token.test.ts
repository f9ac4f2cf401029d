import assert from 'node:assert/strict';
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { removeDir, tempDir } from './test-support/harness.js';
import { InvalidTokenError, regenerateToken, resolveToken, tokenFile } from './token.js';

describe('the API token', () => {
  const dirs: string[] = [];
  after(async () => {
    await Promise.all(dirs.map(removeDir));
  });
  const dataDir = async () => {
    const dir = await tempDir('grove-token-');
    dirs.push(dir);
    return dir;
  };
  const mode = async (file: string) => (await stat(file)).mode & 0o777;

  test('first start makes 32 random bytes (base64url), kept with mode 0600 and reused', async () => {
    const dir = await dataDir();
    const token = await resolveToken(dir, undefined);
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from(token, 'base64url').length, 32);
    assert.equal(await readFile(tokenFile(dir), 'utf8'), token);
    assert.equal(await mode(tokenFile(dir)), 0o600);
    assert.equal(await resolveToken(dir, undefined), token);
    assert.notEqual(await resolveToken(await dataDir(), undefined), token, 'random per data dir');
  });

  test('a kept token file that others can read is tightened back to 0600', async () => {
    const dir = await dataDir();
    await writeFile(tokenFile(dir), 'kept-token\n');
    await chmod(tokenFile(dir), 0o644);
    assert.equal(await resolveToken(dir, undefined), 'kept-token');
    assert.equal(await mode(tokenFile(dir)), 0o600);
  });

  test('a given token is used and kept; one no client could send is refused', async () => {
    const dir = await dataDir();
    assert.equal(await resolveToken(dir, 'given.token~1'), 'given.token~1');
    assert.equal(await readFile(path.join(dir, 'token'), 'utf8'), 'given.token~1');
    for (const bad of ['with space', 'slash/in', 'new\nline', 'x'.repeat(513), 'é']) {
      await assert.rejects(resolveToken(dir, bad), InvalidTokenError);
    }
  });

  test('regenerating replaces the kept token', async () => {
    const dir = await dataDir();
    const first = await resolveToken(dir, undefined);
    const second = await regenerateToken(dir);
    assert.notEqual(second, first);
    assert.equal(await resolveToken(dir, undefined), second);
    assert.equal(await mode(tokenFile(dir)), 0o600);
  });
});
