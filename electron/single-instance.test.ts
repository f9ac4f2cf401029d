import assert from 'node:assert/strict';
import { test } from 'node:test';
import { claimSingleInstance } from './single-instance.js';
import { FakeApp, FakeWindow } from './test-support/fakes.js';
import { bringToFront } from './window.js';

test('the first instance takes the lock and answers later launches', () => {
  const app = new FakeApp('/data');
  let launches = 0;
  assert.equal(
    claimSingleInstance(app, () => launches++),
    true,
  );
  app.emit('second-instance', {}, ['grove'], '/home');
  app.emit('second-instance', {}, ['grove'], '/home');
  assert.equal(launches, 2);
});

test('a second instance is told to quit and listens for nothing', () => {
  const app = new FakeApp('/data');
  app.lockAvailable = false;
  let launches = 0;
  assert.equal(
    claimSingleInstance(app, () => launches++),
    false,
  );
  assert.equal(app.listenerCount('second-instance'), 0);
});

test('bringToFront restores a minimised window, shows a hidden one and focuses it', () => {
  const window = new FakeWindow({});
  window.minimized = true;
  bringToFront(window);
  assert.deepEqual([window.minimized, window.visible, window.focused], [false, true, true]);
  const closed = new FakeWindow({});
  closed.destroyed = true;
  bringToFront(closed);
  assert.equal(closed.focused, false);
  bringToFront(null);
});
