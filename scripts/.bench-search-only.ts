import { performance } from 'node:perf_hooks';
import { benchSearch } from '/work/wt/conversation/scripts/bench-search.ts';
const timed = async (count: number, action: (i: number) => Promise<unknown>) => { const s: number[] = []; for (let i = 0; i < count; i++) { const t = performance.now(); await action(i); s.push(performance.now() - t); } return s; };
const median = (s: number[]) => [...s].sort((a, b) => a - b)[Math.floor(s.length / 2)] ?? 0;
await benchSearch((n, v) => console.log(n.padEnd(60), v), timed, median);
