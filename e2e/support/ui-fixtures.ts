import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test as base } from '@playwright/test';
import { GroveApp } from './ui-app.js';
import { makeRepo } from './ui-repo.js';
import { UiServer } from './ui-server.js';

export interface GroveEnv {
  /** A temp folder for this test, removed afterwards. */
  root: string;
  server: UiServer;
  /** A fresh git repository inside `root`. */
  makeRepo(name?: string): Promise<string>;
}

/** Each test gets its own server, data dir and repositories. */
export const test = base.extend<{ grove: GroveEnv; app: GroveApp }>({
  grove: async ({}, use, testInfo) => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'grove-ui-'));
    const server = new UiServer(path.join(root, 'data'));
    await server.start(0);
    try {
      await use({ root, server, makeRepo: (name) => makeRepo(path.join(root, 'repos'), name) });
    } finally {
      await server.stop();
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach('server.log', { body: server.logs(), contentType: 'text/plain' });
      }
      await rm(root, { recursive: true, force: true });
    }
  },
  app: async ({ page, grove }, use) => {
    await use(new GroveApp(page, grove.server));
  },
});

export { expect } from '@playwright/test';
