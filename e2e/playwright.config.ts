import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

const here = path.dirname(fileURLToPath(import.meta.url));
// Every Grove server the specs start checks each response it sends against its schema.
process.env.GROVE_CHECK_RESPONSES = '1';
// Terminals run in a plain POSIX login shell, whatever the developer's profile does (see
// scripts/run-unit-tests.mjs).
process.env.SHELL = '/bin/sh';

export default defineConfig({
  testDir: here,
  testMatch: '**/*.spec.ts',
  outputDir: path.join(here, 'artifacts', 'test-results'),
  globalSetup: path.join(here, 'support', 'ui-global-setup.ts'),
  timeout: 90_000,
  // Generous: a wait ends as soon as its condition holds, and a loaded CI machine can be slow.
  expect: { timeout: 20_000 },
  workers: 2,
  fullyParallel: true,
  reporter: 'list',
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    actionTimeout: 15_000,
  },
});
