import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '../support/ui-fixtures.js';

/**
 * A huge diff scrolls end to end and stays virtualized: only the lines near the view are in the
 * DOM wherever the user is. How smoothly it scrolls is a figure of `npm run bench`
 * (scripts/bench-diff.ts), not something a test times.
 */
const LINES = 5_000;
const line = (index: number, word: string) =>
  `export const value${index} = computeThe${word}(${index}, 'item ${index}');`;
const file = (word: string) =>
  `${Array.from({ length: LINES }, (_, index) => line(index, word)).join('\n')}\n`;

/** Line rows the diff library has in the page (its rows live in shadow roots). */
const RENDERED_ROWS = `(() => {
  let rows = 0;
  for (const host of document.querySelectorAll('diffs-container')) {
    rows += (host.shadowRoot ?? host).querySelectorAll('[data-line]').length;
  }
  return rows;
})()`;

test('a 5,000-line diff scrolls to its last line and keeps only the lines in view', async ({
  app,
  grove,
  page,
}) => {
  const repo = await grove.makeRepo('huge-diff');
  writeFileSync(path.join(repo, 'big.ts'), file('Answer'));
  execFileSync('git', ['-C', repo, 'add', '--', 'big.ts']);
  execFileSync('git', ['-C', repo, 'commit', '-q', '-m', 'add big.ts']);
  // Every line changes one word: 5,000 lines removed and 5,000 added.
  writeFileSync(path.join(repo, 'big.ts'), file('Result'));
  await app.openWithSession(repo);

  await app.button('Changes').click();
  const panel = page.getByRole('complementary', { name: 'Changes' });
  await expect(
    panel.getByRole('list', { name: 'Changed files' }).getByLabel('5000 added, 5000 removed'),
  ).toBeVisible({ timeout: 20_000 });
  await expect(panel.getByText(line(0, 'Answer')).first()).toBeVisible({ timeout: 30_000 });
  const rows = () => page.evaluate(RENDERED_ROWS) as Promise<number>;
  // 10,000 rows in all; a virtualized diff keeps a few hundred at most.
  expect(await rows()).toBeLessThan(1_000);

  const scroller = panel.locator('.diff-scroll');
  await scroller.evaluate((element) => (element.scrollTop = element.scrollHeight));
  await expect(panel.getByText(line(LINES - 1, 'Result')).first()).toBeVisible({
    timeout: 30_000,
  });
  await expect(panel.getByText(line(0, 'Answer'))).toHaveCount(0);
  expect(await rows()).toBeLessThan(1_000);

  // A quarter of the way down (inside the removed lines): drawn again, the end's gone.
  await scroller.evaluate((element) => (element.scrollTop = element.scrollHeight / 4));
  await expect(panel.getByText(/^export const value2\d{3} = computeTheAnswer/).first()).toBeVisible(
    { timeout: 30_000 },
  );
  await expect(panel.getByText(line(LINES - 1, 'Result'))).toHaveCount(0);
  expect(await rows()).toBeLessThan(1_000);
});
