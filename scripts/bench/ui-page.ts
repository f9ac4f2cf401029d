// Grove's built UI in real Chromium over a real in-process server, for the bench's UI figures.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';
import {
  removeDir,
  startTestServer,
  tempDir,
  type TestServer,
} from '../../server/test-support/harness.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const rendererDir = path.join(repoRoot, 'dist', 'renderer');

export interface UiBench {
  root: string;
  test: TestServer;
  browser: Browser;
  /** Opens the UI (token in the URL) and waits for its live connection. */
  open(): Promise<Page>;
  close(): Promise<void>;
}

/** A temp folder, a server on it serving the built renderer (built first if missing), Chromium. */
export async function startUiBench(prefix: string): Promise<UiBench> {
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    execFileSync('npm', ['run', 'build:renderer'], { cwd: repoRoot, stdio: 'ignore' });
  }
  const root = await tempDir(prefix);
  const test = await startTestServer({ dataDir: path.join(root, 'data'), rendererDir });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  return {
    root,
    test,
    browser,
    open: async () => {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(`${test.server.url}/?token=${encodeURIComponent(test.server.token)}`);
      await page.getByRole('status', { name: 'Connection: Live' }).waitFor({ timeout: 30_000 });
      return page;
    },
    close: async () => {
      await browser.close();
      await test.close();
      await removeDir(root);
    },
  };
}
