import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { clearDiscoveryCache } from '../agents/discovery.js';
import { startTestServer } from '../test-support/harness.js';

const BIN_DIR = path.resolve(import.meta.dirname, '../../node_modules/.bin');

test('GET /api/backends reports each real CLI with its path and version, or how to install it', async () => {
  const grove = await startTestServer();
  try {
    await grove.api.patch('/api/preferences', {
      cli_paths: {
        claude: path.join(BIN_DIR, 'claude'),
        codex: path.join(BIN_DIR, 'codex'),
        opencode: '/nonexistent/grove/opencode',
      },
    });
    clearDiscoveryCache();
    const response = await grove.api.get('/api/backends');
    assert.equal(response.status, 200);
    const byName = Object.fromEntries(response.body.map((item: any) => [item.backend, item]));
    assert.deepEqual(Object.keys(byName).sort(), ['claude', 'codex', 'opencode']);
    assert.equal(byName.claude.found, true);
    assert.equal(byName.claude.path, path.join(BIN_DIR, 'claude'));
    assert.match(byName.claude.version, /2\.1\.197/);
    assert.match(byName.codex.version, /0\.171\.0/);
    assert.equal(byName.opencode.found, false);
    assert.equal(byName.opencode.path, null);
    assert.match(byName.opencode.install_hint, /npm install -g opencode-ai/);
  } finally {
    await grove.close();
  }
});
