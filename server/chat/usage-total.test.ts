import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import {
  NO_TOKENS,
  NO_USAGE_TOTAL,
  type Message,
  type Session,
  type Usage,
} from '../contract/index.js';
import { Store } from '../store/store.js';
import { makeRepo, removeDir, startTestServer } from '../test-support/harness.js';
import { nextRunState } from './session-run-state.js';

const dirs: string[] = [];
after(() => Promise.all(dirs.map(removeDir)));

const finished: Usage = {
  ...NO_TOKENS,
  input_tokens: 1200,
  output_tokens: 300,
  cache_read_tokens: 50,
  cost_usd: 0.02,
  duration_ms: 4000,
};
/** A cancelled run: the tokens streamed before the cancel, and no cost from the CLI. */
const cancelled: Usage = { ...NO_TOKENS, input_tokens: 800, output_tokens: 40, duration_ms: 900 };

function running(usageTotal: Session['usage_total']): Session {
  return {
    id: 'session-1',
    worktree_id: 'worktree-1',
    name: 'Session 1',
    created_at: 1,
    updated_at: 1,
    archived_at: null,
    execution_mode: 'build',
    model: 'sonnet',
    thinking_level: 'off',
    backend: 'claude',
    message_count: 1,
    status: 'running',
    awaiting_plan_approval: false,
    resume_ids: { claude: null, codex: null, opencode: null },
    last_usage: null,
    ...(usageTotal ? { usage_total: usageTotal } : {}),
    queue: [],
    pending_approvals: [],
    approval_rules: [],
  };
}

describe('usage totals', () => {
  test("every run's end adds its usage; a cancelled run's tokens count, its cost is unknown", () => {
    const result = (usage: Usage | null) => ({
      backend: 'claude' as const,
      usage,
      conversationId: null,
    });
    let session = nextRunState(running(NO_USAGE_TOTAL), {
      type: 'finish',
      result: result(finished),
      plan: null,
    });
    session = nextRunState(
      { ...session, status: 'running' },
      { type: 'cancel', result: result(cancelled) },
    );
    session = nextRunState(
      { ...session, status: 'running' },
      { type: 'fail', result: result(null) },
    );
    assert.deepEqual(session.usage_total, {
      input_tokens: 2000,
      output_tokens: 340,
      cache_read_tokens: 50,
      cache_write_tokens: 0,
      reasoning_tokens: 0,
      cost_usd: 0.02,
      runs: 2,
      runs_without_cost: 1,
    });
  });

  test('a session saved before totals were kept gets its total from its transcript at start', async () => {
    const first = await startTestServer();
    dirs.push(first.dataDir);
    const repo = await makeRepo();
    dirs.push(path.dirname(repo));
    const project = await first.api.post('/api/projects', { path: repo });
    const worktrees = await first.api.get(`/api/projects/${project.body.id}/worktrees`);
    const created = await first.api.post<Session>(
      `/api/worktrees/${worktrees.body[0].id}/sessions`,
      {},
    );
    assert.deepEqual(created.body.usage_total, NO_USAGE_TOTAL, 'a new session starts at zero');
    await first.close();

    // What an older Grove left: no total, and answers that carry their runs' usage.
    const store = await Store.open({ dataDir: first.dataDir, log: () => undefined });
    const session = created.body;
    // Records are replaced, never edited in place: the shard writes what changed identity.
    await store.updateSessions(session.worktree_id, (sessions) => {
      sessions.forEach(({ usage_total: _dropped, ...older }, index) => (sessions[index] = older));
    });
    const message = (text: string, role: Message['role'], usage: Usage | null): Message => ({
      id: randomUUID(),
      session_id: session.id,
      role,
      created_at: 2,
      run_id: role === 'assistant' ? randomUUID() : null,
      parts: [{ type: 'text', text }],
      status: 'complete',
      usage,
    });
    await store.appendMessage(message('ask-1', 'user', null));
    await store.appendMessage(message('answer-1', 'assistant', finished));
    await store.appendMessage(message('ask-2', 'user', null));
    await store.appendMessage({
      ...message('answer-2', 'assistant', cancelled),
      status: 'cancelled',
    });
    await store.close();

    const second = await startTestServer({ dataDir: first.dataDir });
    try {
      const read = await second.api.get<Session>(`/api/sessions/${session.id}`);
      assert.equal(read.status, 200);
      assert.deepEqual(read.body.usage_total, {
        ...NO_USAGE_TOTAL,
        input_tokens: 2000,
        output_tokens: 340,
        cache_read_tokens: 50,
        cost_usd: 0.02,
        runs: 2,
        runs_without_cost: 1,
      });
      assert.equal(read.body.updated_at, session.updated_at, 'being counted is not a change');
    } finally {
      await second.close();
    }
  });
});
