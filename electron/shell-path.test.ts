import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { loginShellPath, mergePaths } from './shell-path.js';

test("reads the login shell's PATH, ignoring whatever the profile prints", async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'grove-shell-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  // A stand-in login shell: noisy like a real profile, with PATH extended the way .zshrc does.
  const shell = path.join(dir, 'fake-login-shell');
  await writeFile(
    shell,
    `#!/bin/sh\necho "Welcome back!"\nPATH="/opt/homebrew/bin:$HOME/.npm-global/bin:$PATH"\nexport PATH\nshift\nexec /bin/sh -c "$1"\n`,
  );
  await chmod(shell, 0o755);
  const found = await loginShellPath({
    shell,
    platform: 'darwin',
    env: { PATH: '/usr/bin:/bin', HOME: '/Users/ada' },
  });
  assert.equal(found, '/opt/homebrew/bin:/Users/ada/.npm-global/bin:/usr/bin:/bin');
});

test('a real login shell answers with a PATH', { skip: process.platform === 'win32' }, async () => {
  const found = await loginShellPath({ shell: '/bin/sh', platform: process.platform });
  assert.match(found ?? '', /\/bin/);
});

test('no answer on Windows, without a shell, from a broken shell or a slow one', async (t) => {
  assert.equal(await loginShellPath({ shell: '/bin/sh', platform: 'win32' }), null);
  assert.equal(await loginShellPath({ shell: undefined, platform: 'darwin' }), null);
  assert.equal(await loginShellPath({ shell: 'zsh', platform: 'darwin' }), null);
  assert.equal(await loginShellPath({ shell: '/nonexistent/shell', platform: 'linux' }), null);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'grove-shell-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const slow = path.join(dir, 'slow-shell');
  await writeFile(slow, '#!/bin/sh\nsleep 5\n');
  await chmod(slow, 0o755);
  assert.equal(await loginShellPath({ shell: slow, platform: 'linux', timeoutMs: 200 }), null);
});

test('mergePaths keeps the login entries first and adds the rest once', () => {
  assert.equal(mergePaths('/a:/b', '/b:/c::/a', ':'), '/a:/b:/c');
  assert.equal(mergePaths('/a', undefined, ':'), '/a');
});
