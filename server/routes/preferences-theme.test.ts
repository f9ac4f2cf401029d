import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestServer } from '../test-support/harness.js';

test('the theme preference starts at system, is saved, and survives a restart', async () => {
  const grove = await startTestServer();
  const dataDir = grove.dataDir;
  try {
    assert.equal((await grove.api.get('/api/preferences')).body.theme, 'system');
    const patched = await grove.api.patch('/api/preferences', { theme: 'dark' });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.theme, 'dark');
  } finally {
    await grove.close();
  }
  const again = await startTestServer({ dataDir });
  try {
    assert.equal((await again.api.get('/api/preferences')).body.theme, 'dark');
  } finally {
    await again.close();
  }
});
