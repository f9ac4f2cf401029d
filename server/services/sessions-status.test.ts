// A run status the disk refused is served from memory until a later write saves the session;
// from then on the saved status is the truth again.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import type { GroveEvent } from '../contract/index.js';
import { EventHub } from '../events/hub.js';
import { realFiles, type FileLayer } from '../store/file-layer.js';
import { Store } from '../store/store.js';
import { ids, project, session, worktree } from '../test-support/crash-scenario.js';
import { dataDir, removeDataDirs } from '../test-support/store-fixture.js';
import { ProjectsService } from './projects.js';
import { SessionsService } from './sessions.js';
import { WorktreesService } from './worktrees.js';

after(removeDataDirs);

/** Sessions over a real store whose session shard writes fail while `full` is set. */
async function sessionsWithFlakyDisk() {
  const dir = await dataDir();
  const disk = { full: false };
  const inSessions = (file: string) => file.includes(`${path.sep}sessions${path.sep}`);
  const full = () =>
    Promise.reject(Object.assign(new Error('ENOSPC: simulated'), { code: 'ENOSPC' }));
  // Session writes append to the shard's log, and compaction renames a new snapshot in.
  const files: FileLayer = {
    ...realFiles,
    open: (file, flags, mode) =>
      disk.full && inSessions(file) && flags !== 'r' ? full() : realFiles.open(file, flags, mode),
    rename: (from, to) => (disk.full && inSessions(to) ? full() : realFiles.rename(from, to)),
  };
  const store = await Store.open({ dataDir: dir, log: () => undefined, files });
  await store.updateCatalog((catalog) => {
    catalog.projects.push(project('p'));
    catalog.worktrees.push(worktree());
  });
  await store.updateSessions(ids.worktreeId, (list) => list.push(session('s')));
  const hub = new EventHub();
  const events: GroveEvent[] = [];
  hub.subscribe((event) => events.push(event));
  const logs: string[] = [];
  const context = { store, hub, log: (line: string) => logs.push(line) };
  const projects = new ProjectsService(context, async () => undefined);
  const worktrees = new WorktreesService(context, projects, async () => undefined);
  const sessions = new SessionsService(context, worktrees, async () => undefined);
  return { dir, store, disk, sessions, events, logs };
}

describe('a run status kept in memory only', () => {
  test('is served and broadcast while the disk refuses it, then a saved status replaces it', async () => {
    const { store, disk, sessions, events, logs } = await sessionsWithFlakyDisk();
    await sessions.setRunStatus(ids.sessionId, 'running');
    assert.equal(sessions.get(ids.sessionId).status, 'running');

    disk.full = true;
    await sessions.setRunStatus(ids.sessionId, 'idle');
    assert.equal(sessions.get(ids.sessionId).status, 'idle', 'the run is not claimed as going');
    assert.equal(store.findSession(ids.sessionId)?.status, 'running', 'the disk still says so');
    assert.ok(logs.some((line) => /kept session .* idle in memory only/.test(line)));
    const last = events.at(-1);
    assert.equal(last?.event, 'session-updated');
    assert.deepEqual(last?.data, { session_id: ids.sessionId, updates: { status: 'idle' } });

    disk.full = false;
    await sessions.setRunStatus(ids.sessionId, 'error');
    assert.equal(sessions.get(ids.sessionId).status, 'error', 'the saved status is shown');
    assert.equal(store.findSession(ids.sessionId)?.status, 'error');
    assert.equal(sessions.list(ids.worktreeId, false)[0]?.status, 'error');

    await sessions.setRunStatus(ids.sessionId, 'running');
    assert.equal(sessions.get(ids.sessionId).status, 'running');
    await store.close();
  });

  test('is saved by the next write of the session, whatever it changes', async () => {
    const { store, disk, sessions, dir } = await sessionsWithFlakyDisk();
    await sessions.setRunStatus(ids.sessionId, 'running');
    disk.full = true;
    await sessions.setRunStatus(ids.sessionId, 'idle');
    disk.full = false;
    await sessions.update(ids.sessionId, { name: 'renamed' });
    assert.equal(store.findSession(ids.sessionId)?.status, 'idle');
    await sessions.setRunStatus(ids.sessionId, 'running');
    assert.equal(sessions.get(ids.sessionId).status, 'running');
    await store.close();

    const reopened = await Store.open({ dataDir: dir, log: () => undefined });
    assert.equal(reopened.findSession(ids.sessionId)?.status, 'running');
    assert.equal(reopened.findSession(ids.sessionId)?.name, 'renamed');
    await reopened.close();
  });

  test('an error that is not the disk’s is thrown, and nothing is kept', async () => {
    const { store, sessions } = await sessionsWithFlakyDisk();
    await assert.rejects(sessions.setRunStatus('00000000-0000-4000-8000-00000000dead', 'idle'), {
      code: 'not-found',
    });
    await store.close();
  });
});
