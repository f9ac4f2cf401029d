import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { useMcpStatusStore } from '../components/mcp/mcp-status-store.js';
import { useComposerFilesStore } from '../stores/composer-files.js';
import { bucketOf, useMessagesStore } from '../stores/messages.js';
import { usePreferencesStore } from '../stores/preferences.js';
import { useProjectsStore } from '../stores/projects.js';
import { archivedSessions, openSessions, useSessionsStore } from '../stores/sessions.js';
import { useUiStore } from '../stores/ui.js';
import { useWorktreesStore } from '../stores/worktrees.js';
import { ev, message, preferences, project, session, worktree } from '../test-support/fixtures.js';
import { applyEvent } from './apply-event.js';
import { applySnapshot } from './snapshot.js';

function seed() {
  const p = project();
  const base = worktree(p.id, { kind: 'base', name: 'base', created_at: 150 });
  const feature = worktree(p.id, { name: 'feature' });
  const s1 = session(feature.id, { name: 'Session 1' });
  const s2 = session(feature.id, { name: 'Session 2' });
  applySnapshot({
    projects: [p],
    worktrees: [feature, base],
    sessions: { [feature.id]: [s1, s2], [base.id]: [] },
    preferences: preferences(),
  });
  return { p, base, feature, s1, s2 };
}

describe('stores applying server events', () => {
  beforeEach(() => {
    useProjectsStore.setState({ byId: {}, order: [] });
    useWorktreesStore.setState({ byId: {}, byProject: {}, status: {} });
    useSessionsStore.setState({ byId: {}, byWorktree: {} });
    useMessagesStore.setState({ bySession: {} });
  });

  it('loads a snapshot: entities by id, base checkout first', () => {
    const { p, base, feature } = seed();
    assert.deepEqual(useProjectsStore.getState().order, [p.id]);
    assert.deepEqual(useWorktreesStore.getState().byProject[p.id], [base.id, feature.id]);
    assert.equal(usePreferencesStore.getState().preferences?.default_backend, 'claude');
  });

  it('adds, renames, archives, restores and deletes sessions from events', () => {
    const { feature, s1, s2 } = seed();
    const s3 = session(feature.id, { name: 'Session 3' });
    applyEvent(ev('session-created', { session: s3 }));
    applyEvent(ev('session-created', { session: s3 })); // delivered twice: still one tab
    applyEvent(ev('session-updated', { session_id: s1.id, updates: { name: 'Renamed' } }));
    applyEvent(ev('session-archived', { session_id: s2.id }));
    let state = useSessionsStore.getState();
    assert.deepEqual(
      openSessions(state, feature.id).map((s) => s.name),
      ['Renamed', 'Session 3'],
    );
    assert.deepEqual(
      archivedSessions(state, feature.id).map((s) => s.id),
      [s2.id],
    );

    applyEvent(ev('session-unarchived', { session_id: s2.id }));
    applyEvent(ev('session-deleted', { session_id: s3.id }));
    state = useSessionsStore.getState();
    assert.deepEqual(
      openSessions(state, feature.id).map((s) => s.id),
      [s1.id, s2.id],
    );
    assert.equal(state.byId[s3.id], undefined);
  });

  it('drops the unsent files, draft, open tab and MCP states of sessions deleted alone or with their worktree', () => {
    const { feature, base, s1, s2 } = seed();
    const s3 = session(base.id);
    applyEvent(ev('session-created', { session: s3 }));
    const file = { key: 1, name: 'notes.txt', attachment: null };
    for (const { id, worktree_id } of [s1, s2, s3]) {
      useComposerFilesStore.getState().change(id, () => [file]);
      useUiStore.getState().setDraft(id, `draft of ${id}`);
      useUiStore.getState().selectSession(worktree_id, id);
      applyEvent(ev('mcp-status-updated', { session_id: id, worktree_id, servers: [] }));
    }
    applyEvent(ev('session-deleted', { session_id: s3.id }));
    applyEvent(ev('worktree-deleted', { worktree_id: feature.id }));
    for (const id of [s1.id, s2.id, s3.id]) {
      assert.equal(useComposerFilesStore.getState().bySession[id], undefined);
      assert.equal(useUiStore.getState().drafts[id], undefined);
      assert.equal(useMcpStatusStore.getState().bySession[id], undefined);
    }
    assert.deepEqual(useUiStore.getState().selectedSessionByWorktree, {}, 'no tab names them');
  });

  it('reorders tabs; sessions the order leaves out keep their place after it', () => {
    const { feature, s1, s2 } = seed();
    applyEvent(ev('sessions-reordered', { worktree_id: feature.id, session_ids: [s2.id, s1.id] }));
    assert.deepEqual(useSessionsStore.getState().byWorktree[feature.id], [s2.id, s1.id]);
    applyEvent(ev('sessions-reordered', { worktree_id: feature.id, session_ids: [s1.id] }));
    assert.deepEqual(useSessionsStore.getState().byWorktree[feature.id], [s1.id, s2.id]);
  });

  it('tracks run status and the queue through session-updated', () => {
    const { s1 } = seed();
    const queued = { id: '99999999-9999-4999-8999-999999999999', content: 'next', created_at: 5 };
    applyEvent(
      ev('session-updated', { session_id: s1.id, updates: { status: 'running', queue: [queued] } }),
    );
    let current = useSessionsStore.getState().byId[s1.id];
    assert.equal(current?.status, 'running');
    assert.equal(current?.queue.length, 1);
    applyEvent(
      ev('session-updated', {
        session_id: s1.id,
        updates: { status: 'idle', queue: [], awaiting_plan_approval: true },
      }),
    );
    current = useSessionsStore.getState().byId[s1.id];
    assert.equal(current?.status, 'idle');
    assert.equal(current?.awaiting_plan_approval, true);
  });

  it('shows an approval from either event, once, and drops it when it is resolved', () => {
    const { feature, s1 } = seed();
    const approval = {
      id: 'a1',
      tool: 'Bash',
      kind: 'command' as const,
      input: { command: 'npm test' },
      description: 'npm test',
      command_name: 'npm',
      created_at: 1,
    };
    const where = { session_id: s1.id, worktree_id: feature.id };
    applyEvent(ev('approval-requested', { ...where, approval }));
    applyEvent(
      ev('session-updated', {
        session_id: s1.id,
        updates: { status: 'awaiting_approval', pending_approvals: [approval] },
      }),
    );
    applyEvent(ev('approval-requested', { ...where, approval }));
    assert.deepEqual(useSessionsStore.getState().byId[s1.id]?.pending_approvals, [approval]);
    applyEvent(ev('approval-resolved', { ...where, approval_id: 'a1', decision: 'cancelled' }));
    assert.deepEqual(useSessionsStore.getState().byId[s1.id]?.pending_approvals, []);
  });

  it('routes run events to the session history they belong to', () => {
    const { feature, s1, s2 } = seed();
    const ref = { session_id: s1.id, worktree_id: feature.id, run_id: 'r1' };
    applyEvent(ev('message-created', { ...ref, message: message(s1.id, { id: 'u1' }) }));
    applyEvent(ev('run-started', { ...ref, backend: 'claude', message_id: 'a1' }));
    applyEvent(ev('message-delta', { ...ref, message_id: 'a1', kind: 'text', text: 'Hi' }));
    const state = useMessagesStore.getState();
    assert.equal(bucketOf(state, s1.id).live?.parts[0]?.type, 'text');
    assert.deepEqual(bucketOf(state, s1.id).ids, ['u1']);
    assert.equal(bucketOf(state, s2.id).ids.length, 0);
  });

  it('deleting a worktree removes its sessions and their histories', () => {
    const { p, feature, s1 } = seed();
    applyEvent(
      ev('message-created', {
        session_id: s1.id,
        worktree_id: feature.id,
        run_id: 'r1',
        message: message(s1.id),
      }),
    );
    applyEvent(ev('worktree-deleted', { worktree_id: feature.id }));
    assert.equal(useSessionsStore.getState().byId[s1.id], undefined);
    assert.equal(useMessagesStore.getState().bySession[s1.id], undefined);
    assert.equal(useWorktreesStore.getState().byProject[p.id]?.includes(feature.id), false);
  });

  it('deleting a project removes its worktrees and sessions', () => {
    const { p, base, s1 } = seed();
    applyEvent(ev('project-deleted', { project_id: p.id }));
    assert.equal(useProjectsStore.getState().byId[p.id], undefined);
    assert.equal(useWorktreesStore.getState().byId[base.id], undefined);
    assert.equal(useSessionsStore.getState().byId[s1.id], undefined);
  });

  it('archives and restores worktrees, and applies project and preference updates', () => {
    const { p, feature } = seed();
    applyEvent(ev('worktree-archived', { worktree_id: feature.id }));
    assert.notEqual(useWorktreesStore.getState().byId[feature.id]?.archived_at, null);
    applyEvent(ev('worktree-unarchived', { worktree_id: feature.id }));
    assert.equal(useWorktreesStore.getState().byId[feature.id]?.archived_at, null);
    applyEvent(ev('project-updated', { project_id: p.id, updates: { name: 'renamed' } }));
    assert.equal(useProjectsStore.getState().byId[p.id]?.name, 'renamed');
    applyEvent(
      ev('preferences-updated', { preferences: preferences({ default_backend: 'codex' }) }),
    );
    assert.equal(usePreferencesStore.getState().preferences?.default_backend, 'codex');
  });

  it('ignores updates for things it does not know (deleted meanwhile)', () => {
    seed();
    const before = useSessionsStore.getState();
    applyEvent(ev('session-updated', { session_id: 'nope', updates: { name: 'x' } }));
    assert.equal(useSessionsStore.getState().byId, before.byId);
  });
});
