import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from '../support/ui-fixtures.js';
import { demoConversation, seedTranscript } from '../support/ui-seed.js';

const repoRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/**
 * `GROVE_DOCS_SCREENSHOTS=1 npx playwright test --config e2e/playwright.config.ts
 * e2e/ui/screenshots.spec.ts` refreshes the pictures in docs/screenshots (the README shows one);
 * otherwise they go to the test artifacts, so a plain test run leaves the repository alone.
 */
const shots =
  process.env['GROVE_DOCS_SCREENSHOTS'] === '1'
    ? path.join(repoRoot, 'docs', 'screenshots')
    : path.join(repoRoot, 'e2e', 'artifacts', 'screenshots');

/** Call once the screen is asserted: transitions are finished at once and the caret hidden. */
async function shoot(page: Page, name: string, scheme: 'light' | 'dark'): Promise<void> {
  await page.screenshot({
    path: path.join(shots, `${name}-${scheme}.png`),
    animations: 'disabled',
    caret: 'hide',
  });
}

for (const scheme of ['light', 'dark'] as const) {
  test(`main screens in ${scheme} mode`, async ({ app, grove, page }) => {
    // Eight screens in one flow: on a loaded machine it outlasts the default 90 s.
    test.setTimeout(240_000);
    await page.emulateMedia({ colorScheme: scheme });
    await app.open();
    await expect(page.getByRole('heading', { name: 'Welcome to Grove' })).toBeVisible();
    await shoot(page, '01-welcome', scheme);

    const repo = await grove.makeRepo('acme-web');
    await app.addProject(repo);
    // Right after adding a project, the next step is in view.
    await expect(
      page.getByRole('main').getByRole('button', { name: 'New worktree' }),
    ).toBeVisible();
    await shoot(page, '09-next-step', scheme);
    await app.createWorktree('acme-web', 'fix-login', 'fix/login');
    await app.createWorktree('acme-web', 'dark-mode');

    const [project] = await grove.server.ok('GET', '/api/projects');
    const worktrees = await grove.server.ok('GET', `/api/projects/${project.id}/worktrees`);
    const fix = worktrees.find((w: { name: string }) => w.name === 'fix-login');
    const first = await grove.server.ok('POST', `/api/worktrees/${fix.id}/sessions`, {
      name: 'Empty password bug',
    });
    await grove.server.ok('POST', `/api/worktrees/${fix.id}/sessions`, {
      name: 'Refactor auth',
      execution_mode: 'build',
    });
    const old = await grove.server.ok('POST', `/api/worktrees/${fix.id}/sessions`, {
      name: 'Old spike',
    });
    await grove.server.ok('POST', `/api/sessions/${old.id}/archive`);
    await seedTranscript(grove.server.dataDir, first.id, demoConversation(first.id));

    await app.worktree('fix-login').click();
    await app.tab('Empty password bug').click();
    await expect(app.messages()).toHaveCount(4);
    // Open the tool calls so their input and output show.
    for (const summary of await page.locator('details.tool > summary').all()) await summary.click();
    await app.composer.fill('Now show the error message under the password field.');
    await shoot(page, '02-chat', scheme);

    await app.openArchived();
    await shoot(page, '03-archived', scheme);
    // Focus stays on the toggle, where Escape does not reach the list: the toggle closes it.
    await page.getByRole('button', { name: /^Archived sessions/ }).click();
    await expect(page.getByRole('dialog')).toBeHidden();

    await app.button('Settings').click();
    await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
    await shoot(page, '04-settings', scheme);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toBeHidden();

    await app.button('Add project').click();
    await app.dialog.getByLabel('Repository folder').fill('/tmp');
    await app.dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(app.dialog.getByRole('alert')).toBeVisible();
    await shoot(page, '05-add-project-error', scheme);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toBeHidden();

    await app.button('Keyboard shortcuts').click();
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    await shoot(page, '06-shortcuts', scheme);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toBeHidden();

    await app.worktree('dark-mode').click();
    await expect(page.getByRole('heading', { name: 'No open sessions' })).toBeVisible();
    await shoot(page, '07-no-sessions', scheme);

    await page.evaluate(() => localStorage.clear());
    await page.goto(grove.server.url);
    await expect(page.getByRole('heading', { name: 'Connect to Grove' })).toBeVisible();
    await shoot(page, '08-token-prompt', scheme);
  });
}
