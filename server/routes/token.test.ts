import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { test } from 'node:test';
import { ApiClient, EventRecorder, startTestServer } from '../test-support/harness.js';

test('regenerating the token retires the old one at once and drops open sockets', async () => {
  const grove = await startTestServer();
  try {
    const oldToken = grove.server.token;
    const socket = await EventRecorder.connect(grove.server);
    const closed = new Promise<number>((resolve) =>
      socket.socket.once('close', (code) => resolve(code)),
    );

    const response = await grove.api.post('/api/token/regenerate');
    assert.equal(response.status, 200);
    const newToken = response.body.token as string;
    assert.match(newToken, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(newToken, oldToken);
    assert.equal(grove.server.token, newToken);
    assert.equal((await readFile(grove.server.tokenFile, 'utf8')).trim(), newToken);
    assert.equal((await stat(grove.server.tokenFile)).mode & 0o777, 0o600);

    assert.equal(await closed, 4001);
    assert.equal((await grove.api.get('/api/projects')).status, 401);
    assert.equal(
      (await new ApiClient(grove.server.url, newToken).get('/api/projects')).status,
      200,
    );
  } finally {
    await grove.close();
  }
});
