// A 10,000-message session in the real UI, for `npm run bench`: how long Home takes to show the
// first message, and a scrollbar drag to the middle to show the messages there, with the
// requests each made (the UI fetches the window where the view rests, not every page between).
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { bulkConversation, seedTranscript } from '../e2e/support/ui-seed.js';
import { makeRepo } from '../server/test-support/harness.js';
import { startUiBench } from './bench/ui-page.js';

type Record = (name: string, value: string) => void;

const MESSAGES = 10_000;

export async function benchHistoryUi(record: Record): Promise<void> {
  const bench = await startUiBench('grove-bench-history-');
  try {
    const { api, dataDir } = bench.test;
    const project = (await api.post('/api/projects', { path: await makeRepo(bench.root) })).body;
    const [base] = (await api.get(`/api/projects/${project.id}/worktrees`)).body;
    const session = (await api.post(`/api/worktrees/${base.id}/sessions`, { name: 'Long history' }))
      .body;
    await seedTranscript(dataDir, session.id, bulkConversation(session.id, MESSAGES));

    const page = await bench.open();
    let requests = 0;
    page.on('request', (request) => {
      if (request.url().includes(`/api/sessions/${session.id}/messages`)) requests++;
    });
    await page.getByRole('tab', { name: /Long history/ }).click();
    await inView(page, new RegExp(`Answer ${MESSAGES - 1}\\.`));

    await page.getByRole('region', { name: 'Messages' }).focus();
    let before = requests;
    let start = Date.now();
    await page.keyboard.press('Home');
    await inView(page, /Question number 0:/);
    record(
      `history of ${MESSAGES} in the UI: Home to the first message shown (ms)`,
      `${Date.now() - start} (${requests - before} requests)`,
    );

    before = requests;
    start = Date.now();
    await page.evaluate(DRAG_TO_MIDDLE);
    await inView(page, /Question number [3-6]\d{3}:/);
    record(
      `history of ${MESSAGES} in the UI: scrollbar drag to the middle, messages shown (ms)`,
      `${Date.now() - start} (${requests - before} requests)`,
    );
  } finally {
    await bench.close();
  }
}

// Passed as text: tsx would wrap named functions in a helper the page does not have.
const DRAG_TO_MIDDLE = `(() => {
  const scroller = document.querySelector('[role="region"][aria-label="Messages"]');
  scroller.scrollTop = scroller.scrollHeight / 2;
  scroller.dispatchEvent(new Event('scroll'));
})()`;

/** Until a message whose text matches `pattern` is on screen. */
async function inView(page: Page, pattern: RegExp): Promise<void> {
  await page.waitForFunction(
    `[...document.querySelectorAll('[role="article"], article')].some((article) => {
      if (!new RegExp(${JSON.stringify(pattern.source)}).test(article.textContent ?? '')) return false;
      const box = article.getBoundingClientRect();
      return box.height > 0 && box.bottom > 0 && box.top < window.innerHeight;
    })`,
    undefined,
    { timeout: 60_000, polling: 'raf' },
  );
}

// `node --import tsx scripts/bench-history-ui.ts`: these figures alone.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await benchHistoryUi((name, value) => console.log(`${name}: ${value}`));
}
