// Shared setup for the route tests over git (projects, worktrees-*): a real server, an event
// recorder on it, and fresh git repositories, registered as projects or not.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before } from 'node:test';
import type { Project } from '../contract/index.js';
import {
  EventRecorder,
  makeRepo,
  removeDir,
  startTestServer,
  tempDir,
  type ApiClient,
  type ApiResponse,
  type TestServer,
} from './harness.js';
import type { ServerOptions } from '../server.js';

export interface RepoProject {
  repo: string;
  project: Project;
}

export interface ReposServer {
  readonly api: ApiClient;
  readonly dataDir: string;
  /** Records every event the server publishes from the start. */
  readonly events: EventRecorder;
  /** Stop the server and start a new one on the same data dir, as after a restart of Grove. */
  restart(): Promise<void>;
  /** A fresh empty folder, removed after the tests. */
  tempDir(prefix: string): Promise<string>;
  /** A fresh git repository with one commit, removed after the tests. */
  newRepo(): Promise<string>;
  /** A fresh repository registered as a project. */
  newProject(): Promise<RepoProject>;
  /** One project for tests that only add and remove their own worktrees: saves a repository each. */
  sharedProject(): Promise<RepoProject>;
  /** The body is a Worktree on success and an error envelope otherwise; tests check which. */
  createWorktree(project: Project, body?: object): Promise<ApiResponse<any>>;
}

/** Call inside a `describe`: starts the server before its tests and removes everything after. */
export function useReposServer(options: Partial<ServerOptions> = {}): ReposServer {
  let t: TestServer;
  let events: EventRecorder;
  let shared: Promise<RepoProject> | undefined;
  const dirs: string[] = [];
  before(async () => {
    t = await startTestServer(options);
    events = await EventRecorder.connect(t.server);
  });
  after(async () => {
    events.close();
    await t.close();
    await Promise.all([t.dataDir, ...dirs].map(removeDir));
  });

  async function restart(): Promise<void> {
    events.close();
    await t.close();
    t = await startTestServer({ ...options, dataDir: t.dataDir });
    events = await EventRecorder.connect(t.server);
  }

  async function freshDir(prefix: string): Promise<string> {
    const dir = await tempDir(prefix);
    dirs.push(dir);
    return dir;
  }

  async function newRepo(): Promise<string> {
    const repo = await makeRepo();
    dirs.push(path.dirname(repo));
    return repo;
  }

  async function newProject(): Promise<RepoProject> {
    const repo = await newRepo();
    const response = await t.api.post<Project>('/api/projects', { path: repo });
    assert.equal(response.status, 201);
    return { repo: response.body.path, project: response.body };
  }

  return {
    get api() {
      return t.api;
    },
    get dataDir() {
      return t.dataDir;
    },
    get events() {
      return events;
    },
    restart,
    tempDir: freshDir,
    newRepo,
    newProject,
    sharedProject: () => (shared ??= newProject()),
    createWorktree: (project, body = {}) =>
      t.api.post(`/api/projects/${project.id}/worktrees`, body),
  };
}
