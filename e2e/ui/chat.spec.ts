import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { gate } from '../model-stub/index.js';
import { expect, test } from '../support/ui-fixtures.js';
import { apiAnswer } from '../support/ui-wait.js';

const shots = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'artifacts',
  'screenshots',
);

/**
 * Chat through the UI with the real Claude Code CLI (from node_modules) answering from the
 * scripted model stub. Each test scripts its own phrase so answers cannot cross.
 */
test.use({ agentBackend: 'claude' });

/** The same screen in light and dark. */
async function shootBoth(page: Page, name: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({
      path: path.join(shots, `${name}-${colorScheme}.png`),
      animations: 'disabled',
    });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

const words = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => `${prefix}${i}`).join(' ');

/**
 * From now on, every length the streaming answer's text has on screen, recorded on each DOM
 * change (not by sampling on a clock, which a loaded machine can starve). Read with `grownTo`.
 */
async function watchGrowth(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: number[] = [];
    Object.assign(window, { __growth: seen });
    new MutationObserver(() => {
      const live = document.querySelector('article[aria-busy="true"] .markdown');
      const length = live?.textContent?.length ?? 0;
      if (length > 0 && seen.at(-1) !== length) seen.push(length);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

function grownTo(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as { __growth: number[] }).__growth);
}

test('a message streams in, with its thinking and a tool call, then usage', async ({
  app,
  grove,
  page,
}) => {
  const repo = await grove.makeRepo('stream-demo');
  const answer = words('alpha', 100);
  grove.stub!.script('Create the bravo file', [
    [
      { thinking: 'I will write the file first.' },
      { tool: 'write', path: 'bravo.txt', content: 'bravo\n' },
    ],
    // About 8 s of writing: a loaded machine still sees the answer part-way through.
    [{ text: answer, chunkDelayMs: 80 }],
  ]);
  await app.openWithSession(repo, { execution_mode: 'build' });
  await watchGrowth(page);

  await app.send('Create the bravo file');
  await expect(app.composer).toHaveValue('');
  await expect(app.messages().filter({ hasText: 'Create the bravo file' })).toBeVisible();
  await expect(app.button('Cancel')).toBeVisible();
  await expect(
    page.getByRole('status').filter({ hasText: 'Claude Code is working' }),
  ).toBeVisible();

  // The answer appears word by word while the run goes on.
  await expect(page.locator('article[aria-busy="true"]')).toContainText('alpha0', {
    timeout: 60_000,
  });
  const reply = app.assistantMessages().last();
  await expect(reply).toContainText('alpha99', { timeout: 60_000 });
  await expect(reply).not.toHaveAttribute('aria-busy', 'true');
  await expect(app.button('Cancel')).toBeHidden();
  const growth = await grownTo(page);
  const partial = growth.filter((length) => length < answer.length);
  expect(partial.length, `text lengths seen: ${growth.join(',')}`).toBeGreaterThanOrEqual(2);

  // The tool call: folded, named, with its input and output when opened.
  const tool = app.messages().getByRole('group').filter({ hasText: 'bravo.txt' });
  await expect(tool).toBeVisible();
  await tool.locator('summary').click();
  await expect(tool).toContainText('Input');
  await expect(tool).toContainText('Output');
  expect(readFileSync(path.join(repo, 'bravo.txt'), 'utf8')).toBe('bravo\n');

  // Thinking is there, folded once the answer is done.
  const thinking = app.messages().getByRole('group').filter({ hasText: 'Thinking' });
  await expect(thinking.first()).toBeVisible();
  await expect(thinking.first()).not.toHaveAttribute('open', '');

  await shootBoth(page, '10-chat-after-run');

  // Per-run usage under the answer.
  await expect(app.messages().last().locator('.message-usage')).toContainText(
    /[\d.]+k? in · [\d.]+k? out · \$[\d.]+/,
  );
});

test('Cancel stops the run and keeps what was written', async ({ app, grove, page }) => {
  const repo = await grove.makeRepo('cancel-demo');
  // The answer stops after a few words and goes on only once the test has cancelled.
  const cancelled = gate();
  grove.stub!.script('Talk slowly foxtrot', [
    [
      { text: words('fox', 10), chunkDelayMs: 50 },
      { hold: cancelled.promise },
      { text: ' Never shown.' },
    ],
  ]);
  await app.openWithSession(repo, { execution_mode: 'build' });

  await app.send('Talk slowly foxtrot');
  const reply = app.assistantMessages().last();
  await expect(reply).toContainText('fox3', { timeout: 60_000 });
  await app.button('Cancel').click();

  await expect(reply.getByText('Cancelled', { exact: true })).toBeVisible({ timeout: 20_000 });
  cancelled.open();
  await expect(reply).toContainText('fox3');
  await expect(reply).not.toContainText('Never shown');
  await expect(app.button('Cancel')).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'is working' })).toBeHidden();
});

test('a plan waits for approval, and Approve plan builds it in build mode', async ({
  app,
  grove,
  page,
}) => {
  const repo = await grove.makeRepo('plan-demo');
  const plan = 'Plan: create charlie.txt with one line.';
  grove.stub!.script('Make charlie', [
    [{ tool: 'write', path: 'charlie.txt', content: 'charlie\n' }],
    [{ tool: 'raw', name: 'ExitPlanMode', input: { plan } }],
    [{ text: plan }],
  ]);
  grove.stub!.script('The plan is approved', [
    [{ tool: 'write', path: 'charlie.txt', content: 'charlie\n' }],
    [{ text: 'Built charlie.' }],
  ]);
  const { sessionId } = await app.openWithSession(repo, { execution_mode: 'plan' });
  await expect(page.getByRole('combobox', { name: 'Execution mode' })).toHaveValue('plan');

  await app.send('Make charlie');
  const card = page.getByRole('region', { name: 'Plan waiting for approval' });
  await expect(card).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('region', { name: 'Proposed plan' })).toContainText('charlie.txt');
  expect(existsSync(path.join(repo, 'charlie.txt'))).toBe(false);
  await expect(app.tab('Chat').locator('.tab-dot-plan')).toBeVisible();
  await shootBoth(page, '11-plan-approval');

  await card.getByRole('button', { name: 'Approve plan', exact: true }).click();
  await expect(card).toBeHidden();
  await expect(page.getByRole('combobox', { name: 'Execution mode' })).toHaveValue('build');
  await expect(app.assistantMessages().last()).toContainText('Built charlie.', { timeout: 60_000 });
  expect(readFileSync(path.join(repo, 'charlie.txt'), 'utf8')).toBe('charlie\n');
  expect((await grove.server.ok('GET', `/api/sessions/${sessionId}`)).awaiting_plan_approval).toBe(
    false,
  );
});

test('messages sent during a run wait in a queue that can be edited', async ({
  app,
  grove,
  page,
}) => {
  const repo = await grove.makeRepo('queue-demo');
  // The first answer stops half-way until the queue has been edited, however slow the machine.
  const queueEdited = gate();
  grove.stub!.script('First golf', [
    [
      { text: words('golf', 20), chunkDelayMs: 40 },
      { hold: queueEdited.promise },
      { text: ' and that is all.' },
    ],
  ]);
  grove.stub!.script('Second golf', [[{ text: 'Second answer.' }]]);
  const { sessionId } = await app.openWithSession(repo, { execution_mode: 'build' });

  await app.send('First golf');
  await expect(app.button('Cancel')).toBeVisible();
  await app.send('Second golf');
  await app.send('Third golf');

  const queue = page.getByRole('region', { name: 'Queued messages' });
  await expect(queue.getByRole('listitem')).toHaveText(['Second golf', 'Third golf']);
  await expect(app.assistantMessages().last()).toContainText('golf19', { timeout: 60_000 });
  await shootBoth(page, '12-running-with-queue');
  await queue
    .getByRole('listitem')
    .filter({ hasText: 'Third golf' })
    .getByRole('button', { name: 'Remove queued message' })
    .click();
  await expect(queue.getByRole('listitem')).toHaveText(['Second golf']);
  queueEdited.open();

  await expect(app.assistantMessages().last()).toContainText('Second answer.', { timeout: 90_000 });
  await expect(queue).toBeHidden();
  const stored = await grove.server.ok('GET', `/api/sessions/${sessionId}`);
  const asked = stored.messages
    .filter((m: { role: string }) => m.role === 'user')
    .map((m: { parts: Array<{ text: string }> }) => m.parts[0]!.text);
  expect(asked).toEqual(['First golf', 'Second golf']);
});

test('a missing CLI is explained in plain words with how to install it', async ({
  app,
  grove,
  page,
}) => {
  const repo = await grove.makeRepo('missing-cli');
  await grove.server.ok('PATCH', '/api/preferences', {
    cli_paths: { claude: '/nonexistent/grove/claude' },
  });
  await app.openWithSession(repo);

  await app.send('Anyone there?');
  const alert = page.getByRole('alert').filter({ hasText: 'Claude Code is not installed' });
  await expect(alert).toBeVisible({ timeout: 30_000 });
  await expect(alert).toContainText('npm install -g');
  await shootBoth(page, '13-missing-cli');
  await expect(app.tab('Chat').locator('.tab-dot-error')).toBeVisible();
  await expect(app.worktree('main').getByLabel('Error')).toBeVisible();

  // Settings asks the server to look for every CLI (each runs `--version`): wait for that answer.
  await apiAnswer(page, 'GET', '/api/backends', () =>
    alert.getByRole('button', { name: 'Open settings' }).click(),
  );
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await expect(settings.getByRole('listitem').filter({ hasText: 'Claude Code' })).toContainText(
    'Not found',
  );
  await expect(settings.getByRole('listitem').filter({ hasText: 'Codex' })).toContainText('Found');
});

for (const backend of ['codex', 'opencode'] as const) {
  test.describe(`with the ${backend} CLI`, () => {
    test.use({ agentBackend: backend });

    test(`${backend}: a message is answered, with its tool call shown`, async ({ app, grove }) => {
      const repo = await grove.makeRepo(`${backend}-demo`);
      grove.stub!.script('Create the kilo file', [
        [{ tool: 'write', path: 'kilo.txt', content: 'kilo\n' }],
        [{ text: 'Created kilo.txt for you.' }],
      ]);
      await app.openWithSession(repo, { execution_mode: 'build', backend });
      await expect(app.page.getByRole('combobox', { name: 'Backend' })).toHaveValue(backend);

      await app.send('Create the kilo file');
      await expect(app.assistantMessages().last()).toContainText('Created kilo.txt for you.', {
        timeout: 90_000,
      });
      await expect(
        app.messages().getByRole('group').filter({ hasText: 'kilo' }).first(),
      ).toBeVisible();
      expect(readFileSync(path.join(repo, 'kilo.txt'), 'utf8')).toBe('kilo\n');
    });
  });
}

test('a run that ends while the window is in the background raises a desktop notification', async ({
  app,
  grove,
  page,
}) => {
  await page.addInitScript(() => {
    const shown: Array<{ title: string; body: string }> = [];
    class FakeNotification {
      static permission = 'granted';
      static requestPermission = async () => 'granted';
      onclick: (() => void) | null = null;
      constructor(title: string, options: { body: string }) {
        shown.push({ title, body: options.body });
      }
      close() {}
    }
    Object.assign(window, { Notification: FakeNotification, __shown: shown });
    document.hasFocus = () => false;
  });
  const repo = await grove.makeRepo('notify-demo');
  grove.stub!.script('Say hello juliet', [[{ text: 'Hello juliet.' }]]);
  await app.openWithSession(repo, { execution_mode: 'build' });

  await app.send('Say hello juliet');
  await expect(app.assistantMessages().last()).toContainText('Hello juliet.', { timeout: 60_000 });
  await expect
    .poll(() =>
      page.evaluate(() => (window as unknown as { __shown: Array<{ title: string }> }).__shown),
    )
    .toContainEqual(expect.objectContaining({ title: 'Chat finished' }));
});
