// Drift between a handler and its endpoint's response schema fails the tests that meet it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  chatEndpoints,
  DEFAULT_PREFERENCES,
  ENDPOINTS,
  tokenEndpoints,
  type Preferences,
} from '../contract/index.js';
import { startTestServer } from '../test-support/harness.js';
import { checkResponse, implement } from './route.js';

describe('response checks', () => {
  test('a handler answering the wrong shape, or reading a param its path lacks, does not compile', () => {
    const token = implement(tokenEndpoints, {
      // @ts-expect-error: the endpoint answers { token }, not a bare string
      regenerateToken: () => 'secret',
    });
    const chat = implement(chatEndpoints, {
      sendMessage: () => ({ message: null, queued: null, run_id: null }),
      // @ts-expect-error: the path names sessionId and messageId, not queueId
      removeQueuedMessage: ({ params }) => void params.queueId,
      cancelRun: () => ({ cancelled: false }),
      approvePlan: () => ({ message: null, queued: null, run_id: null }),
    });
    assert.equal(typeof token.regenerateToken, 'function');
    assert.equal(typeof chat.removeQueuedMessage, 'function');
  });

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
      () => checkResponse('getPreferences', ENDPOINTS.getPreferences, { ...good, font_size: 14 }),
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
