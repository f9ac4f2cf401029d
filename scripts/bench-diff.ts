// The Changes panel on a large diff, in real Chromium, for `npm run bench`: how long a 5,000-line
// file's diff takes to show (cold: the diff renderer's code loads too; warm: reopened), and how
// smoothly it scrolls (frame times and long animation frames while scrolling it end to end).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from '@playwright/test';
import { commitFile } from '../server/test-support/git.js';
import { makeRepo } from '../server/test-support/harness.js';
import { FRAME_MARK, traceFrames } from './bench/frame-trace.js';
import { startUiBench } from './bench/ui-page.js';

type Record = (name: string, value: string) => void;

const LINES = 5_000;

export async function benchLargeDiff(record: Record): Promise<void> {
  const bench = await startUiBench('grove-bench-diff-');
  try {
    const repo = await makeRepo(bench.root);
    const line = (index: number, word: string) =>
      `export const value${index} = computeThe${word}(${index}, 'item ${index}');`;
    const lines = (word: string) =>
      Array.from({ length: LINES }, (_, index) => line(index, word)).join('\n');
    commitFile(repo, 'big.ts', `${lines('Answer')}\n`);
    // Every line changes one word: 5,000 lines removed and 5,000 added, each with a word diff.
    await writeFile(path.join(repo, 'big.ts'), `${lines('Result')}\n`);
    await bench.test.api.post('/api/projects', { path: repo });

    const page = await bench.open();
    await page.getByRole('button', { name: /^main\b/ }).click();

    record('5,000-line diff opens, cold (ms)', (await timeOpen(page)).toFixed(0));
    await page.getByRole('button', { name: 'Changes', exact: true }).click();
    await page.getByRole('complementary', { name: 'Changes' }).waitFor({ state: 'detached' });
    record('5,000-line diff opens, warm (ms)', (await timeOpen(page)).toFixed(0));
    const scroll = await measureScroll(bench.browser, page);
    record('5,000-line diff scroll: frame gap p50 / p95 / max (ms)', scroll.gaps);
    record(
      '5,000-line diff scroll: main-thread ms per frame p50 / p95 / max (trace)',
      scroll.mainThread,
    );
    record('5,000-line diff scroll: frames over 50 ms of main thread / total', scroll.longFrames);
    record('5,000-line diff scroll: main-thread CPU ms per frame p50 / p95 / max', scroll.cpu);
    record('5,000-line diff scroll: frames over 50 ms of main-thread CPU / total', scroll.longCpu);
    record('5,000-line diff scroll: layout objects per frame p50 / max', scroll.layoutObjects);
    record('5,000-line diff scroll: restyled elements per frame p50 / max', scroll.styledElements);
    record('5,000-line diff: rendered line rows in the DOM', String(scroll.rows));
  } finally {
    await bench.close();
  }
}

/** From the click on "Changes" to the diff's first changed line on screen. */
async function timeOpen(page: Page): Promise<number> {
  const start = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: 'Changes', exact: true }).click();
  await page
    .getByText("export const value0 = computeTheAnswer(0, 'item 0');")
    .first()
    .waitFor({ timeout: 120_000 });
  return (await page.evaluate(() => performance.now())) - start;
}

/**
 * Scroll the diff from top to bottom in steps, one per frame, timing every frame. Passed as text:
 * tsx would wrap named functions in a helper the page does not have.
 */
const SCROLL_SCRIPT = `(async () => {
  const scroller = document.querySelector('.diff-scroll');
  if (!scroller) throw new Error('no diff scroller');
  const gaps = [];
  let last = performance.now();
  while (scroller.scrollTop + scroller.clientHeight < scroller.scrollHeight - 2) {
    performance.mark('${FRAME_MARK}');
    scroller.scrollTop += 300;
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const now = performance.now();
    gaps.push(now - last);
    last = now;
  }
  gaps.sort((a, b) => a - b);
  let rows = 0;
  for (const host of document.querySelectorAll('diffs-container')) {
    rows += (host.shadowRoot ?? host).querySelectorAll('[data-line]').length;
  }
  return { gaps, rows };
})()`;

async function measureScroll(
  browser: Browser,
  page: Page,
): Promise<{
  gaps: string;
  mainThread: string;
  longFrames: string;
  cpu: string;
  longCpu: string;
  layoutObjects: string;
  styledElements: string;
  rows: number;
}> {
  let scrolled = { gaps: [] as number[], rows: 0 };
  const frames = await traceFrames(browser, page, async () => {
    scrolled = (await page.evaluate(SCROLL_SCRIPT)) as typeof scrolled;
  });
  const { gaps } = scrolled;
  const at = (p: number) => gaps[Math.min(gaps.length - 1, Math.floor(p * gaps.length))] ?? 0;
  const ms = (values: readonly number[]) => values.map((value) => value.toFixed(1)).join(' / ');
  return {
    gaps: ms([at(0.5), at(0.95), gaps.at(-1) ?? 0]),
    mainThread: ms([frames.p50Ms, frames.p95Ms, frames.maxMs]),
    longFrames: `${frames.over50} / ${frames.frames}`,
    cpu: ms([frames.cpu.p50Ms, frames.cpu.p95Ms, frames.cpu.maxMs]),
    longCpu: `${frames.cpu.over50} / ${frames.frames}`,
    layoutObjects: `${frames.layoutObjects.p50} / ${frames.layoutObjects.max}`,
    styledElements: `${frames.styledElements.p50} / ${frames.styledElements.max}`,
    rows: scrolled.rows,
  };
}

// `node --import tsx scripts/bench-diff.ts`: this figure alone.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await benchLargeDiff((name, value) => console.log(`${name}: ${value}`));
}
