// The script book: which turn answers a request. Stateless on purpose: the turn index is read
// back from the tool-call ids the stub itself minted (`..stub_t<N>_..`), which the CLI echoes in
// the conversation history. So retries, side requests and resumed sessions never advance it.

import type { Matcher, TextStep, Turn } from './types.js';

export interface Resolution {
  turn: Turn;
  /** -1 when no script matched (default answer). */
  scriptIndex: number;
  turnIndex: number;
}

interface Entry {
  match: Matcher;
  turns: Turn[];
}

function keyOf(match: Matcher): string {
  return typeof match === 'string' ? `s:${match}` : `r:${match.source}/${match.flags}`;
}

function matches(match: Matcher, prompt: string): boolean {
  if (typeof match === 'string') return prompt.includes(match);
  match.lastIndex = 0;
  return match.test(prompt);
}

export class ScriptBook {
  private entries: Entry[] = [];
  defaultText = 'OK (model-stub default answer).';

  add(match: Matcher, turns: Turn[]): void {
    const key = keyOf(match);
    this.entries = this.entries.filter((e) => keyOf(e.match) !== key);
    this.entries.push({ match, turns });
  }

  clear(): void {
    this.entries = [];
  }

  /** `lastTurn` is the highest stub turn index seen in tool calls after the prompt. */
  resolve(prompt: string | undefined, lastTurn: number | undefined): Resolution {
    const next = lastTurn === undefined ? 0 : lastTurn + 1;
    if (prompt !== undefined) {
      for (let i = this.entries.length - 1; i >= 0; i--) {
        const entry = this.entries[i];
        if (!entry || !matches(entry.match, prompt)) continue;
        const turn = entry.turns[next];
        if (turn) return { turn, scriptIndex: i, turnIndex: next };
        return { turn: [{ text: this.defaultText }], scriptIndex: i, turnIndex: next };
      }
    }
    return { turn: [{ text: this.defaultText }], scriptIndex: -1, turnIndex: next };
  }
}

let counter = 0;

/** A tool-call id that records which turn produced it. */
export function mintCallId(prefix: string, turnIndex: number): string {
  counter += 1;
  return `${prefix}stub_t${turnIndex}_${counter.toString().padStart(4, '0')}`;
}

/** The turn index encoded in ids minted by `mintCallId`, if any. */
export function turnOfCallId(id: unknown): number | undefined {
  if (typeof id !== 'string') return undefined;
  const m = /stub_t(\d+)_/.exec(id);
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

export function maxDefined(values: Array<number | undefined>): number | undefined {
  let max: number | undefined;
  for (const v of values) if (v !== undefined && (max === undefined || v > max)) max = v;
  return max;
}

export function errorStepOf(
  turn: Turn,
): { status: number; message: string; type?: string } | undefined {
  for (const step of turn) if ('error' in step) return step.error;
  return undefined;
}

/** Splits a text into streaming deltas (words with their trailing spaces). */
export function textChunks(step: TextStep): string[] {
  if (step.chunkDelayMs === undefined) {
    const n = Math.max(1, Math.min(4, Math.ceil(step.text.length / 24)));
    const size = Math.ceil(step.text.length / n);
    const out: string[] = [];
    for (let i = 0; i < step.text.length; i += size) out.push(step.text.slice(i, i + size));
    return out.length > 0 ? out : [''];
  }
  const words = step.text.match(/\S+\s*|\s+/g);
  return words ?? [''];
}

/** A promise the test settles when it is ready: `{ hold: gate.promise }`, then `gate.open()`. */
export function gate(): { promise: Promise<void>; open(): void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Rough token estimate used for usage numbers (deterministic). */
export function estimateTokens(value: unknown): number {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? '');
  return Math.max(1, Math.ceil(text.length / 4));
}
