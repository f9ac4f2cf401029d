import { expect, test } from '../support/ui-fixtures.js';

test('a tab grows to show a long name whole, and its × says it archives the session', async ({
  app,
  grove,
  page,
}) => {
  const repo = await grove.makeRepo('tabs-demo');
  const longName = 'Refactor the authentication middleware';
  const { sessionId } = await app.openWithSession(repo);
  await grove.server.ok('PATCH', `/api/sessions/${sessionId}`, { name: longName });

  const tab = app.tab(longName);
  await expect(tab).toBeVisible();
  const label = tab.locator('.tab-name');
  // Not cut: the label's text fits in the width it is given (no ellipsis).
  await expect
    .poll(() => label.evaluate((element) => element.scrollWidth <= element.clientWidth))
    .toBe(true);
  expect((await tab.boundingBox())!.width).toBeGreaterThan(200);

  await tab.hover();
  // Out of the accessibility tree (a tablist holds only tabs; the keyboard archives through the
  // tab's menu), but named and titled for the pointer.
  const archive = page.getByRole('button', {
    name: `Archive session ${longName}`,
    exact: true,
    includeHidden: true,
  });
  await expect(archive).toHaveAttribute('title', /Archive session/);
  await app.archiveSession(longName);
});
