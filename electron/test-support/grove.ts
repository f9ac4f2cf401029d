// The real server over a fresh data dir, with a real project, for tests of the main process.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Session } from '../../server/contract/index.js';
import { createServer, type GroveServer } from '../../server/server.js';
import { makeRepo, tempDir } from '../../server/test-support/harness.js';

export { tempDir };

export async function startGrove(
  dataDir?: string,
): Promise<{ server: GroveServer; dataDir: string }> {
  const dir = dataDir ?? (await tempDir('grove-desktop-'));
  const server = await createServer({ port: 0, dataDir: dir, log: () => undefined });
  return { server, dataDir: dir };
}

// git is slow to spawn: each project gets a copy of one real repository made once.
let template: Promise<string> | null = null;

async function freshRepo(): Promise<string> {
  template ??= makeRepo();
  const source = await template;
  const repo = path.join(await mkdtemp(path.join(path.dirname(source), 'copy-')), 'repo');
  await cp(source, repo, { recursive: true });
  return repo;
}

/** Remove the repositories made for this test file (call once, after its tests). */
export async function removeRepos(): Promise<void> {
  if (!template) return;
  const source = await template;
  template = null;
  await rm(path.dirname(source), { recursive: true, force: true });
}

/** A project on a fresh repository and one session in its base worktree. */
export async function addSession(server: GroveServer, name = 'Fix the build'): Promise<Session> {
  const repo = await freshRepo();
  const project = await server.services.projects.create({ path: repo });
  const [base] = server.services.worktrees.list(project.id, true);
  if (!base) throw new Error('the project has no base worktree');
  return server.services.sessions.create(base.id, { name });
}

/** Mark a session as running, as the chat service does when a run starts. */
export function setStatus(
  server: GroveServer,
  sessionId: string,
  status: Session['status'],
): Promise<Session> {
  return server.services.sessions.apply(sessionId, (session) => ({ ...session, status }));
}

/** Whether the server still answers on its port. */
export async function isServing(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/api/health`)).ok;
  } catch {
    return false;
  }
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
