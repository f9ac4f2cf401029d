// Main-thread time per frame from a Chrome trace, for the bench's UI figures. rAF gaps alone
// mix in the compositor's vsync wait and the harness; the trace says what the page itself spent.
import { writeFile } from 'node:fs/promises';
import type { Browser, Page } from '@playwright/test';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread CPU time: on a loaded machine `dur` also counts time the thread waited for a core. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: {
    name?: string;
    elementCount?: number;
    beginData?: { totalObjects?: number };
  };
}

export const FRAME_MARK = 'bench-frame';

export interface FrameFigures {
  frames: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Frames whose main-thread work took over 50 ms (a "long animation frame"). */
  over50: number;
  /**
   * The same from the main thread's CPU time, which the machine's load does not stretch: p50 /
   * p95 / max ms per frame, and frames over 50 ms.
   */
  cpu: { p50Ms: number; p95Ms: number; maxMs: number; over50: number };
  /**
   * Work that does not depend on how busy the machine is: layout objects laid out and elements
   * whose style was recomputed, per frame (p50 and max).
   */
  layoutObjects: { p50: number; max: number };
  styledElements: { p50: number; max: number };
}

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'toplevel',
  'blink.user_timing',
];

/**
 * Trace `page` while `action` runs, then measure the renderer's main thread frame by frame: the
 * action marks the start of each frame with `performance.mark(FRAME_MARK)`.
 */
export async function traceFrames(
  browser: Browser,
  page: Page,
  action: () => Promise<void>,
): Promise<FrameFigures> {
  await browser.startTracing(page, { categories: CATEGORIES });
  await action();
  const bytes = await browser.stopTracing();
  // For a closer look: load the file in Chrome's Performance panel.
  const keep = process.env['BENCH_TRACE_FILE'];
  if (keep) await writeFile(keep, bytes);
  const trace = JSON.parse(bytes.toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  return frameFigures(Array.isArray(trace) ? trace : trace.traceEvents);
}

/**
 * A frame runs from one mark to the next; its cost is the time the page's main thread spent in
 * top-level tasks within it (idle time excluded).
 */
export function frameFigures(events: readonly TraceEvent[]): FrameFigures {
  const main = events.find(
    (event) => event.name === 'thread_name' && event.args?.name === 'CrRendererMain',
  );
  const onMain = events.filter((event) => main && event.pid === main.pid && event.tid === main.tid);
  const frameStarts = events
    .filter((event) => event.name === FRAME_MARK)
    .map((event) => event.ts)
    .sort((a, b) => a - b);
  const tasks = onMain
    .filter((event) => event.ph === 'X' && event.name === 'RunTask' && event.dur !== undefined)
    .map((event) => ({
      start: event.ts,
      end: event.ts + (event.dur ?? 0),
      cpu: event.tdur ?? event.dur ?? 0,
    }))
    .sort((a, b) => a.start - b.start);
  const costs: number[] = [];
  const cpuCosts: number[] = [];
  const layoutObjects: number[] = [];
  const styledElements: number[] = [];
  for (let index = 0; index + 1 < frameStarts.length; index++) {
    const from = frameStarts[index] ?? 0;
    const to = frameStarts[index + 1] ?? 0;
    let busy = 0;
    let cpu = 0;
    for (const task of tasks) {
      if (task.end <= from) continue;
      if (task.start >= to) break;
      const overlap = Math.min(task.end, to) - Math.max(task.start, from);
      busy += overlap;
      // A task's CPU time is spread over the frames it spans in proportion to its wall time.
      cpu += task.end > task.start ? (task.cpu * overlap) / (task.end - task.start) : 0;
    }
    costs.push(busy / 1000);
    cpuCosts.push(cpu / 1000);
    const within = onMain.filter((event) => event.ts >= from && event.ts < to);
    layoutObjects.push(sumOf(within, 'Layout', (event) => event.args?.beginData?.totalObjects));
    styledElements.push(sumOf(within, 'UpdateLayoutTree', (event) => event.args?.elementCount));
  }
  return {
    frames: costs.length,
    ...spreadOf(costs),
    cpu: spreadOf(cpuCosts),
    layoutObjects: medianAndMax(layoutObjects),
    styledElements: medianAndMax(styledElements),
  };
}

function sumOf(
  events: readonly TraceEvent[],
  name: string,
  value: (event: TraceEvent) => number | undefined,
): number {
  return events
    .filter((event) => event.name === name)
    .reduce((sum, event) => sum + (value(event) ?? 0), 0);
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

/** p50 / p95 / max ms per frame, and how many frames took over 50 ms. */
function spreadOf(costs: readonly number[]) {
  const sorted = [...costs].sort((a, b) => a - b);
  return {
    p50Ms: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    maxMs: sorted.at(-1) ?? 0,
    over50: costs.filter((cost) => cost > 50).length,
  };
}

function medianAndMax(values: readonly number[]): { p50: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), max: sorted.at(-1) ?? 0 };
}
