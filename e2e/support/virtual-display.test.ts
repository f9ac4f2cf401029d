import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { ensureDisplay } from './virtual-display.js';

const hasXvfb = !spawnSync('Xvfb', ['-help'], { stdio: 'ignore' }).error;

test('an existing display is used as it is', async () => {
  const display = await ensureDisplay({ DISPLAY: ':42' });
  assert.deepEqual(display.env, {});
});

test('without a display, Xvfb serves one until stopped, or the error says how to get it', async () => {
  if (process.platform !== 'linux') {
    assert.deepEqual((await ensureDisplay({})).env, {});
    return;
  }
  if (!hasXvfb) {
    await assert.rejects(ensureDisplay({}), /install Xvfb/);
    return;
  }
  const display = await ensureDisplay({});
  const number = display.env.DISPLAY?.replace(':', '');
  assert.match(number ?? '', /^\d+$/);
  const socket = `/tmp/.X11-unix/X${number}`;
  assert.ok(existsSync(socket), `${socket} should accept X clients`);
  await display.stop();
  assert.equal(existsSync(socket), false);
});
