import { gate } from '../model-stub/index.js';
import { expect, test } from '../support/ui-fixtures.js';

/** What sits under the conversation while a run goes: its timer and the queue. Real Claude CLI. */
test.use({ agentBackend: 'claude' });

const paragraphs = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => `${prefix} paragraph ${i} of a long answer.`).join(
    '\n\n',
  );

test('the queue never hides the streaming answer; "working · N s" counts from each run’s server start', async ({
  app,
  grove,
  page,
}) => {
  const repo = await grove.makeRepo('panel-demo');
  const firstHeld = gate();
  const secondHeld = gate();
  grove.stub!.script('First hotel', [
    [{ text: paragraphs('Hotel', 40) }, { hold: firstHeld.promise }, { text: ' Done.' }],
  ]);
  grove.stub!.script('Second hotel', [
    [{ text: 'Second hotel answer.' }, { hold: secondHeld.promise }],
  ]);
  const { sessionId } = await app.openWithSession(repo, { execution_mode: 'build' });
  const session = () => grove.server.ok('GET', `/api/sessions/${sessionId}`);

  await app.send('First hotel');
  const live = app.assistantMessages().last();
  await expect(live).toContainText('Hotel paragraph 39', { timeout: 60_000 });
  const firstStart: number = (await session()).run_started_at_ms;
  expect(firstStart).toBeGreaterThan(0);

  // The timer is the server's: a clock 42 s past the run's start shows 42 s, whatever the page saw.
  await page.clock.setFixedTime(firstStart + 42_000);
  const status = page.getByRole('status').filter({ hasText: 'Claude Code is working' });
  await expect(status).toContainText('· 42 s');

  await app.send('Second hotel');
  await app.send('Third hotel');
  const queue = page.getByRole('region', { name: 'Queued messages' });
  await expect(queue.getByRole('listitem')).toHaveCount(2);
  // The end of the streaming answer stays in view above the queue.
  const scroller = page.getByRole('region', { name: 'Messages', exact: true });
  await expect
    .poll(() =>
      scroller.evaluate(
        (element) => element.scrollHeight - element.scrollTop - element.clientHeight,
      ),
    )
    .toBeLessThanOrEqual(1);
  const answerEnd = live.getByText('Hotel paragraph 39', { exact: false });
  await expect(answerEnd).toBeInViewport();
  const answerBox = await answerEnd.boundingBox();
  const queueBox = await queue.boundingBox();
  expect(answerBox!.y + answerBox!.height).toBeLessThanOrEqual(queueBox!.y);

  // The queued run counts from its own start, not on from the first run.
  firstHeld.open();
  await expect(app.assistantMessages().last()).toContainText('Second hotel answer.', {
    timeout: 90_000,
  });
  await expect.poll(async () => (await session()).run_started_at_ms).not.toBe(firstStart);
  const secondStart: number = (await session()).run_started_at_ms;
  expect(secondStart).toBeGreaterThan(firstStart);
  // The new run's indicator ticks on the page's (now fake) timers: let one second of them pass.
  await page.clock.setFixedTime(secondStart + 7_000);
  await page.clock.runFor(1_000);
  await expect(status).toContainText('· 7 s');
  secondHeld.open();
});
