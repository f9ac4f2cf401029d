// A sessions service over a real store with one worktree, without HTTP, for the service-level
// tests of sessions and approvals. Shard writes are counted, and can be made to fail.
import { after } from 'node:test';
import path from 'node:path';
import type { GroveEvent, Session } from '../contract/index.js';
import { EventHub } from '../events/hub.js';
import { ProjectsService } from '../services/projects.js';
import { SessionsService } from '../services/sessions.js';
import { WorktreesService } from '../services/worktrees.js';
import { realFiles, type FileLayer } from '../store/file-layer.js';
import { Store } from '../store/store.js';
import { ids, project, worktree } from './crash-scenario.js';
import { dataDir } from './store-fixture.js';

/** A service over a fresh store with one worktree; counts session shard writes. */
export async function sessionsOverStore() {
  const dir = await dataDir();
  const disk = { shardWrites: 0, full: false };
  const shard = (to: string) => to.includes(`${path.sep}sessions${path.sep}`);
  const full = () =>
    Promise.reject(Object.assign(new Error('ENOSPC: simulated'), { code: 'ENOSPC' }));
  // Session writes append to the shard's log (one open per write); compaction renames a snapshot in.
  const files: FileLayer = {
    ...realFiles,
    open: (file, flags, mode) => {
      if (!shard(file) || flags === 'r') return realFiles.open(file, flags, mode);
      if (disk.full) return full();
      disk.shardWrites += 1;
      return realFiles.open(file, flags, mode);
    },
    rename: (from, to) => (shard(to) && disk.full ? full() : realFiles.rename(from, to)),
  };
  const store = await Store.open({ dataDir: dir, log: () => undefined, files });
  await store.updateCatalog((catalog) => {
    catalog.projects.push(project('p'));
    catalog.worktrees.push(worktree());
  });
  const hub = new EventHub();
  const events: GroveEvent[] = [];
  // The sequence number is the hub's; what matters here is which event said what.
  hub.subscribe(({ event, data }) => events.push({ event, data } as GroveEvent));
  const deleted: Session[] = [];
  const logs: string[] = [];
  const context = {
    store,
    hub,
    log: (line: string) => {
      logs.push(line);
    },
  };
  const projects = new ProjectsService(context, async () => undefined);
  const worktrees = new WorktreesService(context, projects, async () => undefined);
  const sessions = new SessionsService(context, worktrees, async (session) => {
    deleted.push(session);
  });
  after(() => store.close());
  const names = (includeArchived = true) =>
    sessions.list(ids.worktreeId, includeArchived).map((session) => session.name);
  return { store, disk, context, sessions, events, logs, deleted, names };
}
