import { expect, test } from '../support/ui-fixtures.js';
import { apiAnswer } from '../support/ui-wait.js';

const background = () => getComputedStyle(document.body).backgroundColor;

test('the theme choice applies at once, says it was saved, and stays after a reload', async ({
  app,
  grove,
  page,
}) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await app.open();
  const light = await page.evaluate(background);
  await app.button('Settings').click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  const theme = settings.getByLabel('Theme', { exact: true });
  await expect(theme).toHaveValue('system');

  await apiAnswer(page, 'PATCH', '/api/preferences', () => theme.selectOption('dark'));
  await expect(settings.getByRole('status').filter({ hasText: 'Saved: Theme' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await page.evaluate(background)).not.toBe(light);
  expect((await grove.server.ok('GET', '/api/preferences')).theme).toBe('dark');

  await page.reload();
  await app.expectLive();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await page.evaluate(background)).not.toBe(light);

  // Back to the system's choice: the system here is light.
  await app.button('Settings').click();
  await apiAnswer(page, 'PATCH', '/api/preferences', () =>
    settings.getByLabel('Theme', { exact: true }).selectOption('system'),
  );
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
  expect(await page.evaluate(background)).toBe(light);
});

test('settings: model names fit, focus rings stay inside the scrolling body, focus returns to the opener', async ({
  app,
  page,
}) => {
  await app.open();
  const opener = app.button('Settings');
  await opener.focus();
  await page.keyboard.press('Enter');
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await expect(settings).toBeVisible();

  const model = settings.getByLabel('OpenCode model');
  await model.fill('anthropic/claude-sonnet-4-5');
  const fits = await model.evaluate(
    (input) => (input as HTMLInputElement).scrollWidth <= (input as HTMLInputElement).clientWidth,
  );
  expect(fits, 'the OpenCode model field shows its whole value').toBe(true);

  // Tab through every control: none draws its focus ring outside its own box.
  const controls = await settings.locator('.dialog-body').locator('button, input, select').count();
  for (let i = 0; i < controls; i++) {
    await page.keyboard.press('Tab');
    const spill = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement;
      if (!element.closest('.dialog-body')) return 0;
      const style = getComputedStyle(element);
      if (style.outlineStyle === 'none') return 0;
      return parseFloat(style.outlineWidth) + parseFloat(style.outlineOffset);
    });
    expect(spill, 'focus ring drawn outside the control').toBeLessThanOrEqual(0);
  }

  await page.keyboard.press('Escape');
  await expect(settings).toBeHidden();
  await expect(opener).toBeFocused();
});

test('icon buttons have names and tooltips that give their shortcuts', async ({
  app,
  grove,
  page,
}) => {
  const repo = await grove.makeRepo('labels-demo');
  await app.openWithSession(repo);
  const unnamed = await page.evaluate(() =>
    [...document.querySelectorAll('button')]
      .filter((button) => !button.textContent?.trim() && !button.getAttribute('aria-label'))
      .map((button) => button.outerHTML.slice(0, 120)),
  );
  expect(unnamed).toEqual([]);
  const tooltips: Array<[string, RegExp]> = [
    ['Add project', /Add project \(Alt\+Shift\+A\)/],
    ['New worktree', /New worktree in labels-demo \(Alt\+Shift\+N\)/],
    ['New session', /New session \(Ctrl\+T\)/],
    ['Settings', /Settings \(Ctrl\+,\)/],
    ['Keyboard shortcuts', /Keyboard shortcuts \(Ctrl\+\/\)/],
    ['Hide sidebar', /Hide sidebar \(Ctrl\+B\)/],
  ];
  for (const [name, title] of tooltips) {
    await expect(app.button(name)).toHaveAttribute('title', title);
  }

  await page.keyboard.press('Control+/');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  for (const action of [
    'New worktree in the current project',
    'Add a project',
    'Next worktree',
    'Previous worktree',
    'Focus the message box',
    'Cancel the running turn (in the message box)',
  ]) {
    await expect(help.getByRole('rowheader', { name: action, exact: true })).toBeVisible();
  }
});
