import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base } from '@playwright/test';
import type { Backend } from '../../server/contract/index.js';
import { startModelStub, type ModelStub } from '../model-stub/index.js';
import { agentEnv } from './agent-env.js';
import { GroveApp } from './ui-app.js';
import { makeRepo } from './ui-repo.js';
import { UiServer } from './ui-server.js';

const binDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'node_modules',
  '.bin',
);

export interface GroveEnv {
  /** A temp folder for this test, removed afterwards. */
  root: string;
  server: UiServer;
  /** A fresh git repository inside `root`. */
  makeRepo(name?: string): Promise<string>;
  /** With `agentBackend` set: the scripted model the real CLI talks to, and its model name. */
  stub: ModelStub | null;
  model: string | null;
}

/**
 * Each test gets its own server, data dir and repositories. `test.use({ agentBackend: 'claude' })`
 * also starts the model stub and points that backend's real CLI (from node_modules) at it, and
 * makes it the default backend.
 */
export const test = base.extend<{
  agentBackend: Backend | null;
  /** The server's HOME is `<root>/home` (what the add-project completion lists). */
  ownHome: boolean;
  grove: GroveEnv;
  app: GroveApp;
}>({
  agentBackend: [null, { option: true }],
  ownHome: [false, { option: true }],
  grove: async ({ agentBackend, ownHome }, use, testInfo) => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'grove-ui-'));
    let stub: ModelStub | null = null;
    let model: string | null = null;
    let env: Record<string, string> = {};
    if (agentBackend) {
      stub = await startModelStub();
      const agent = agentEnv(agentBackend, stub.url, path.join(root, 'home'));
      model = agent.model;
      env = { ...agent.env, PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ''}` };
    }
    if (ownHome && !agentBackend) {
      await mkdir(path.join(root, 'home'));
      env = { HOME: path.join(root, 'home') };
    }
    const server = new UiServer(path.join(root, 'data'), env);
    await server.start(0);
    try {
      if (agentBackend && model) {
        await server.ok('PATCH', '/api/preferences', {
          default_backend: agentBackend,
          default_models: { [agentBackend]: model },
        });
      }
      await use({
        root,
        server,
        stub,
        model,
        makeRepo: (name) => makeRepo(path.join(root, 'repos'), name),
      });
    } finally {
      await server.stop();
      await stub?.close();
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach('server.log', { body: server.logs(), contentType: 'text/plain' });
      }
      // A CLI can still be flushing its own files into HOME for a moment after the server stops.
      await rm(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 }).catch(
        (error: unknown) => console.warn(`Could not remove ${root}: ${String(error)}`),
      );
    }
  },
  app: async ({ page, grove }, use) => {
    await use(new GroveApp(page, grove.server));
  },
});

export { expect } from '@playwright/test';
