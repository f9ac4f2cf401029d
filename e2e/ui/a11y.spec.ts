import type { Page } from '@playwright/test';
import { gate } from '../model-stub/index.js';
import { axeBothThemes, describeFindings, type AxeFinding } from '../support/axe.js';
import { expect, test } from '../support/ui-fixtures.js';
import { demoConversation, seedTranscript } from '../support/ui-seed.js';

/**
 * axe-core on every screen and dialog, in light and dark: any violation fails, listed with the
 * screen, the theme and the nodes.
 */

async function closeDialog(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
}

test('screens and dialogs have no axe violations, light and dark', async ({ app, grove, page }) => {
  // Twenty-one screens, each checked twice: axe takes its time on a loaded machine.
  test.setTimeout(600_000);
  const findings: AxeFinding[] = [];
  const scan = async (screen: string) => findings.push(...(await axeBothThemes(page, screen)));

  await app.open();
  await expect(page.getByRole('heading', { name: 'Welcome to Grove' })).toBeVisible();
  await scan('welcome');

  await app.button('Add project').click();
  await expect(app.dialog).toBeVisible();
  await scan('add project');
  await app.dialog.getByLabel('Repository folder').fill('/tmp');
  await app.dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(app.dialog.getByRole('alert')).toBeVisible();
  await scan('add project, refused');
  await closeDialog(page);

  const repo = await grove.makeRepo('acme-web');
  await app.addProject(repo);
  await scan('project just added');

  await app.project('acme-web').getByRole('button', { name: 'New worktree', exact: true }).click();
  await expect(app.dialog).toBeVisible();
  await scan('new worktree');
  await closeDialog(page);
  await app.createWorktree('acme-web', 'fix-login', 'fix/login');
  await expect(page.getByRole('heading', { name: 'No open sessions' })).toBeVisible();
  await scan('worktree without sessions');

  // Away from the worktree while its sessions are made, so the seeded history is read when opened.
  await app.worktree('main').click();
  const [project] = await grove.server.ok('GET', '/api/projects');
  const worktrees = await grove.server.ok('GET', `/api/projects/${project.id}/worktrees`);
  const fix = worktrees.find((w: { name: string }) => w.name === 'fix-login');
  const first = await grove.server.ok('POST', `/api/worktrees/${fix.id}/sessions`, {
    name: 'Empty password bug',
  });
  await grove.server.ok('POST', `/api/worktrees/${fix.id}/sessions`, { name: 'Refactor auth' });
  const old = await grove.server.ok('POST', `/api/worktrees/${fix.id}/sessions`, {
    name: 'Old spike',
  });
  await grove.server.ok('POST', `/api/sessions/${old.id}/archive`);
  await seedTranscript(grove.server.dataDir, first.id, demoConversation(first.id));
  await app.worktree('fix-login').click();
  await app.tab('Empty password bug').click();
  await expect(app.messages()).toHaveCount(4);
  for (const summary of await page.locator('details.tool > summary').all()) await summary.click();
  await scan('chat with messages');

  const archived = await app.openArchived();
  await scan('archived sessions');
  await archived.getByRole('button', { name: 'Delete Old spike', exact: true }).click();
  const deleteSession = page.getByRole('dialog', { name: 'Delete “Old spike”?' });
  await expect(deleteSession).toBeVisible();
  await scan('delete session');
  await page.keyboard.press('Escape');
  await expect(deleteSession).toBeHidden();
  await page.getByRole('button', { name: /^Archived sessions/ }).click();
  await expect(page.getByRole('dialog')).toBeHidden();

  await app.tab('Refactor auth').click({ button: 'right' });
  await expect(page.getByRole('menu')).toBeVisible();
  await scan('session menu');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toBeHidden();

  await app.button('Changes').click();
  await expect(page.getByRole('complementary', { name: 'Changes' })).toBeVisible();
  await scan('changes panel');
  await app.button('Changes').click();

  await app.button('Terminal').click();
  const terminal = page.getByRole('region', { name: 'Terminal panel' });
  // The prompt is drawn once the shell runs.
  await expect(terminal.locator('.terminal-view')).toContainText(/[$#%>]/, { timeout: 20_000 });
  await scan('terminal panel');
  await app.button('Terminal').click();
  await expect(terminal).toBeHidden();

  await app.button('Settings').click();
  await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
  await scan('settings');
  await app.button('Regenerate token…').click();
  await expect(app.dialog.getByText('Replace the token?')).toBeVisible();
  await scan('regenerate token confirmation');
  await app.button('Keep it').click();
  await closeDialog(page);

  await page.keyboard.press('Control+b');
  await expect(app.button('Show sidebar')).toBeVisible();
  await scan('sidebar collapsed');
  await app.button('Show sidebar').click();
  await expect(app.button('Hide sidebar')).toBeVisible();

  await app.button('Keyboard shortcuts').click();
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await scan('keyboard shortcuts');
  await closeDialog(page);

  await page.getByRole('button', { name: 'Actions for fix-login' }).click();
  await page.getByRole('menuitem', { name: 'Delete worktree…' }).click();
  await expect(app.dialog).toBeVisible();
  await scan('delete worktree');
  await closeDialog(page);

  await page.getByRole('button', { name: 'Actions for project acme-web' }).click();
  await page.getByRole('menuitem', { name: 'Remove project…' }).click();
  await expect(app.dialog).toBeVisible();
  await scan('remove project');
  await closeDialog(page);

  await page.evaluate(() => localStorage.clear());
  await page.goto(grove.server.url);
  await expect(page.getByRole('heading', { name: 'Connect to Grove' })).toBeVisible();
  await scan('token prompt');

  expect(findings, describeFindings(findings)).toEqual([]);
});

test.describe('with a real agent', () => {
  test.use({ agentBackend: 'claude' });

  test('a running session, its queue and a plan card have no axe violations', async ({
    app,
    grove,
    page,
  }) => {
    test.setTimeout(300_000);
    const findings: AxeFinding[] = [];
    const scan = async (screen: string) => findings.push(...(await axeBothThemes(page, screen)));
    const repo = await grove.makeRepo('running-demo');
    const release = gate();
    grove.stub!.script('Work slowly lima', [
      [{ text: 'Working on lima.' }, { hold: release.promise }, { text: ' Done.' }],
    ]);
    grove.stub!.script('Then mike', [[{ text: 'Mike done.' }]]);
    grove.stub!.script('Plan november', [
      [{ tool: 'raw', name: 'ExitPlanMode', input: { plan: 'Plan: write november.txt.' } }],
      [{ text: 'Plan: write november.txt.' }],
    ]);
    const { sessionId } = await app.openWithSession(repo, { execution_mode: 'build' });

    await app.send('Work slowly lima');
    await expect(app.assistantMessages().last()).toContainText('Working on lima.', {
      timeout: 60_000,
    });
    await app.send('Then mike');
    await expect(page.getByRole('region', { name: 'Queued messages' })).toBeVisible();
    await scan('running session with a queue');
    release.open();
    await expect(app.assistantMessages().last()).toContainText('Mike done.', { timeout: 90_000 });

    await grove.server.ok('PATCH', `/api/sessions/${sessionId}`, { execution_mode: 'plan' });
    await expect(page.getByRole('combobox', { name: 'Execution mode' })).toHaveValue('plan');
    await app.send('Plan november');
    await expect(page.getByRole('region', { name: 'Plan waiting for approval' })).toBeVisible({
      timeout: 60_000,
    });
    await scan('plan card');

    expect(findings, describeFindings(findings)).toEqual([]);
  });
});
