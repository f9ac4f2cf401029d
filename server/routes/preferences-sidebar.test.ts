import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SIDEBAR } from '../contract/index.js';
import { startTestServer } from '../test-support/harness.js';

test('the sidebar layout starts shown at the default width, merges each change, and survives a restart', async () => {
  const grove = await startTestServer();
  const dataDir = grove.dataDir;
  try {
    assert.deepEqual((await grove.api.get('/api/preferences')).body.sidebar, DEFAULT_SIDEBAR);
    const narrower = await grove.api.patch('/api/preferences', { sidebar: { width: 200 } });
    assert.equal(narrower.status, 200);
    assert.deepEqual(narrower.body.sidebar, { width: 200, collapsed: false });
    const collapsed = await grove.api.patch('/api/preferences', { sidebar: { collapsed: true } });
    assert.deepEqual(collapsed.body.sidebar, { width: 200, collapsed: true }, 'the width is kept');
  } finally {
    await grove.close();
  }
  const again = await startTestServer({ dataDir });
  try {
    assert.deepEqual((await again.api.get('/api/preferences')).body.sidebar, {
      width: 200,
      collapsed: true,
    });
  } finally {
    await again.close();
  }
});
