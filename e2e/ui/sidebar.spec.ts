import type { Page } from '@playwright/test';
import { expect, test } from '../support/ui-fixtures.js';
import { apiAnswer } from '../support/ui-wait.js';

/** The sidebar's layout lives in the server's preferences: saved on every change. */
const saved = (page: Page, action: () => Promise<unknown>) =>
  apiAnswer(page, 'PATCH', '/api/preferences', action);

test('the sidebar resizes by keyboard and by dragging, collapses, and stays as left after a reload', async ({
  app,
  grove,
  page,
}) => {
  await grove.server.ok('POST', '/api/projects', { path: await grove.makeRepo('layout-demo') });
  await page.setViewportSize({ width: 900, height: 700 });
  await app.open();
  const edge = page.getByRole('separator', { name: 'Resize sidebar' });
  const sidebarWidth = async () => (await app.sidebar.boundingBox())?.width ?? 0;
  await expect(edge).toHaveAttribute('aria-valuenow', '264');
  await expect(edge).toHaveAttribute('aria-valuemin', '180');
  await expect(edge).toHaveAttribute('aria-valuemax', '480');

  // The keyboard: arrows step, Shift steps further, Home and End go to the limits.
  await edge.focus();
  await saved(page, () => page.keyboard.press('ArrowRight'));
  await expect(edge).toHaveAttribute('aria-valuenow', '280');
  await saved(page, () => page.keyboard.press('Shift+ArrowLeft'));
  await expect(edge).toHaveAttribute('aria-valuenow', '216');
  await saved(page, () => page.keyboard.press('End'));
  await expect(edge).toHaveAttribute('aria-valuenow', '480');
  await saved(page, () => page.keyboard.press('Home'));
  await expect(edge).toHaveAttribute('aria-valuenow', '180');
  await expect.poll(sidebarWidth).toBe(180);

  // A drag: 100 px to the right, saved once when the button is released.
  const box = (await edge.boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width / 2, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 50, y);
  await page.mouse.move(box.x + box.width / 2 + 100, y);
  await expect.poll(sidebarWidth).toBe(280);
  const dropped = await saved(page, () => page.mouse.up());
  expect(dropped.request().postDataJSON()).toEqual({ sidebar: { width: 280 } });
  await expect(edge).toHaveAttribute('aria-valuenow', '280');

  await page.reload();
  await app.expectLive();
  await expect(edge).toHaveAttribute('aria-valuenow', '280');
  expect(await sidebarWidth()).toBe(280);

  // Collapse with the shortcut: a rail with the way back; the chat gets the room.
  await saved(page, () => page.keyboard.press('Control+b'));
  const show = app.sidebar.getByRole('button', { name: 'Show sidebar' });
  await expect(show).toBeVisible();
  await expect(show).toHaveAttribute('aria-expanded', 'false');
  await expect(edge).toBeHidden();
  await expect(app.project('layout-demo')).toBeHidden();
  expect(await sidebarWidth()).toBeLessThan(60);

  await page.reload();
  await app.expectLive();
  await expect(show).toBeVisible();
  await expect(app.project('layout-demo')).toBeHidden();

  // Back by its button, at the width it had; focus stays on the toggle.
  await saved(page, () => show.click());
  const hide = app.sidebar.getByRole('button', { name: 'Hide sidebar' });
  await expect(hide).toBeFocused();
  await expect(app.project('layout-demo')).toBeVisible();
  await expect(edge).toHaveAttribute('aria-valuenow', '280');

  // Enter on the edge hides it too, and focus lands on the way back.
  await edge.focus();
  await saved(page, () => page.keyboard.press('Enter'));
  await expect(show).toBeFocused();
  await saved(page, () => page.keyboard.press('Enter'));
  await expect(hide).toBeFocused();
  const layout = await grove.server.ok('GET', '/api/preferences');
  expect(layout.sidebar).toEqual({ width: 280, collapsed: false });

  // The shortcut is listed in the help panel.
  await app.button('Keyboard shortcuts').click();
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help.getByText('Hide or show the sidebar')).toBeVisible();
});
