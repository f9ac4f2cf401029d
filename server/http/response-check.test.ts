// Drift between a handler and its endpoint's response schema fails the tests that meet it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_PREFERENCES, ENDPOINTS, type Preferences } from '../contract/index.js';
import { startTestServer } from '../test-support/harness.js';
import { checkResponse } from './route.js';

describe('response checks', () => {
  test('the unit-test runner turns them on for every server the tests start', () => {
    assert.equal(process.env.GROVE_CHECK_RESPONSES, '1');
  });

  test('a body its schema rejects, a field it does not declare, or a body on a 204 is caught', () => {
    const good: Preferences = DEFAULT_PREFERENCES;
    checkResponse('getPreferences', ENDPOINTS.getPreferences, good);
    const { default_backend: _dropped, ...missing } = good;
    assert.throws(
      () => checkResponse('getPreferences', ENDPOINTS.getPreferences, missing),
      /getPreferences answered with a body its schema rejects: .*default_backend/s,
    );
    assert.throws(
      () => checkResponse('getPreferences', ENDPOINTS.getPreferences, { ...good, theme: 'dark' }),
      /fields its schema does not declare/,
    );
    assert.throws(
      () => checkResponse('deleteProject', ENDPOINTS.deleteProject, { deleted: true }),
      /must answer with no body/,
    );
    checkResponse('deleteProject', ENDPOINTS.deleteProject, undefined);
  });

  test('a real server whose handler answers with the wrong shape sends a 500, not the body', async () => {
    const grove = await startTestServer();
    try {
      const { preferences } = grove.server.services;
      assert.equal((await grove.api.get('/api/preferences')).status, 200);
      // What a handler that drifted from the contract would return: a field renamed.
      preferences.get = () => {
        const { worktrees_dir, ...rest } = DEFAULT_PREFERENCES;
        return { ...rest, worktree_dir: worktrees_dir } as never;
      };
      const drifted = await grove.api.get('/api/preferences');
      assert.equal(drifted.status, 500);
      assert.equal(drifted.body.error.code, 'internal');
    } finally {
      await grove.close();
    }
  });
});
