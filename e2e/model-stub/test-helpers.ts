// Shared plumbing for the model-stub tests: a stub + scratch dir per test file, temp git repos,
// CLI runs with the stub env, and small stream readers.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { agentEnv, type AgentBackend } from '../support/agent-env.js';
import { runCli, type AgentMode, type CliResult } from './cli.js';
import { startModelStub, type ModelStub } from './index.js';

export const CAPTURES = fileURLToPath(new URL('./captures/', import.meta.url));
export const RUN_TIMEOUT_MS = 150_000;

export interface Harness {
  stub: ModelStub;
  scratch: string;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const stub = await startModelStub();
  const scratch = mkdtempSync(path.join(tmpdir(), 'model-stub-test-'));
  return {
    stub,
    scratch,
    async close() {
      await stub.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

export function gitRepo(scratch: string, name: string): string {
  const dir = path.join(scratch, name);
  mkdirSync(dir, { recursive: true });
  execFileSync('git', ['init', '-q'], { cwd: dir });
  writeFileSync(path.join(dir, 'README.md'), 'seed\n');
  return dir;
}

/** Writes captures/<name>.jsonl when MODEL_STUB_WRITE_CAPTURES=1. */
export function capture(name: string, stdout: string): void {
  if (process.env['MODEL_STUB_WRITE_CAPTURES'] !== '1') return;
  mkdirSync(CAPTURES, { recursive: true });
  writeFileSync(path.join(CAPTURES, `${name}.jsonl`), stdout);
}

export function describeRun(r: CliResult): string {
  const head = `${r.argv.join(' ')} -> exit ${String(r.exitCode)} ${String(r.signal)} in ${r.durationMs} ms`;
  return `${head}\nstdout:\n${r.stdout.slice(-3000)}\nstderr:\n${r.stderr.slice(-2000)}`;
}

/** Everything in the events as one string, for "did this text appear" checks. */
export function eventText(r: CliResult): string {
  return JSON.stringify(r.events);
}

export interface Ctx {
  backend: AgentBackend;
  home: string;
  repo: string;
  env: Record<string, string>;
  model: string;
}

export function setup(h: Harness, backend: AgentBackend, scenario: string): Ctx {
  const home = path.join(h.scratch, `${backend}-${scenario}-home`);
  const { env, model } = agentEnv(backend, h.stub.url, home);
  return { backend, home, env, model, repo: gitRepo(h.scratch, `${backend}-${scenario}-repo`) };
}

export interface RunOptions {
  mode?: AgentMode;
  resume?: string;
  /** Default: `--thinking` for opencode (prints reasoning), nothing for the others. */
  extraArgs?: string[];
  onSpawn?: (pid: number) => void;
}

export async function run(ctx: Ctx, prompt: string, options: RunOptions = {}): Promise<CliResult> {
  const extraArgs = options.extraArgs ?? (ctx.backend === 'opencode' ? ['--thinking'] : []);
  const result = await runCli({
    backend: ctx.backend,
    cwd: ctx.repo,
    prompt,
    model: ctx.model,
    env: ctx.env,
    timeoutMs: RUN_TIMEOUT_MS,
    extraArgs,
    ...(options.mode ? { mode: options.mode } : {}),
    ...(options.resume ? { resume: options.resume } : {}),
    ...(options.onSpawn ? { onSpawn: options.onSpawn } : {}),
  });
  assert.equal(result.timedOut, false, `timed out:\n${describeRun(result)}`);
  return result;
}

/** The final assistant text: claude result.result, codex last agent_message, opencode last text. */
export function finalText(backend: AgentBackend, r: CliResult): string | undefined {
  const texts: string[] = [];
  for (const e of r.events) {
    const item = e['item'] as Record<string, unknown> | undefined;
    const part = e['part'] as Record<string, unknown> | undefined;
    if (backend === 'claude' && e['type'] === 'result' && typeof e['result'] === 'string') {
      texts.push(e['result']);
    } else if (
      backend === 'codex' &&
      e['type'] === 'item.completed' &&
      item?.['type'] === 'agent_message'
    ) {
      texts.push(String(item['text']));
    } else if (backend === 'opencode' && e['type'] === 'text' && part) {
      texts.push(String(part['text']));
    }
  }
  return texts.at(-1);
}

export function thinkingSeen(backend: AgentBackend, r: CliResult, text: string): boolean {
  return r.events.some((e) => {
    const s = JSON.stringify(e);
    if (!s.includes(text)) return false;
    if (backend === 'claude') return e['type'] === 'assistant' && s.includes('"type":"thinking"');
    if (backend === 'codex') return s.includes('"type":"reasoning"');
    return e['type'] === 'reasoning';
  });
}

export function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (check()) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(timer);
        reject(new Error('waitFor timed out'));
      }
    }, 50);
  });
}
