// Runs the real CLIs one-shot, the way cli-protocols.md's cheat sheet does, for the stub's own
// tests and for anyone who needs a captured stream.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AgentBackend } from '../support/agent-env.js';

export type AgentMode = 'plan' | 'build' | 'yolo';

export interface CliRun {
  backend: AgentBackend;
  cwd: string;
  prompt: string;
  model: string;
  mode?: AgentMode;
  /** Session/thread id to continue. */
  resume?: string;
  /** Extra flags placed before the prompt / resume subcommand. */
  extraArgs?: string[];
  env: Record<string, string>;
  timeoutMs?: number;
  /** Called once the child is spawned (e.g. to send it a signal later). */
  onSpawn?: (pid: number) => void;
  /** Called for every complete stdout line. */
  onLine?: (line: string) => void;
}

export interface CliResult {
  argv: string[];
  stdin: string | undefined;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout lines that parsed as JSON objects. */
  events: Array<Record<string, unknown>>;
  durationMs: number;
  timedOut: boolean;
}

export const BIN_DIR = fileURLToPath(new URL('../../node_modules/.bin/', import.meta.url));

/** argv (without the binary) and stdin for one run. */
export function cliArgv(run: Omit<CliRun, 'env' | 'cwd'> & { cwd?: string }): {
  args: string[];
  stdin: string | undefined;
} {
  const mode = run.mode ?? 'build';
  const extra = run.extraArgs ?? [];
  if (run.backend === 'claude') {
    const permission =
      mode === 'plan' ? 'plan' : mode === 'build' ? 'acceptEdits' : 'bypassPermissions';
    const args = [
      '-p',
      '--output-format',
      'stream-json',
      '--verbose',
      '--include-partial-messages',
    ];
    args.push('--model', run.model, '--permission-mode', permission, ...extra);
    if (run.resume !== undefined) args.push(`--resume=${run.resume}`);
    args.push('--', run.prompt);
    return { args, stdin: undefined };
  }
  if (run.backend === 'codex') {
    const sandbox =
      mode === 'plan'
        ? ['--sandbox', 'read-only']
        : mode === 'build'
          ? ['--sandbox', 'workspace-write']
          : ['--dangerously-bypass-approvals-and-sandbox'];
    const args = ['exec', '--json', '--skip-git-repo-check', '-m', run.model, ...sandbox, ...extra];
    if (run.resume !== undefined) args.push('resume', run.resume);
    args.push('-');
    return { args, stdin: run.prompt };
  }
  const args = ['run', '--format', 'json', '-m', run.model];
  if (run.cwd !== undefined) args.push('--dir', run.cwd);
  if (mode === 'plan') args.push('--agent', 'plan');
  if (mode === 'yolo') args.push('--auto');
  if (run.resume !== undefined) args.push('--session', run.resume);
  args.push(...extra);
  return { args, stdin: run.prompt };
}

export function runCli(run: CliRun): Promise<CliResult> {
  const { args, stdin } = cliArgv(run);
  const started = Date.now();
  const child = spawn(`${BIN_DIR}${run.backend}`, args, {
    cwd: run.cwd,
    env: { ...process.env, ...run.env },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  if (child.pid !== undefined) run.onSpawn?.(child.pid);
  child.stdin.end(stdin ?? '');
  let stdout = '';
  let stderr = '';
  let pending = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    pending += chunk;
    let nl = pending.indexOf('\n');
    while (nl >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      if (line.trim() !== '') run.onLine?.(line);
      nl = pending.indexOf('\n');
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }
  }, run.timeoutMs ?? 60_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      const events: Array<Record<string, unknown>> = [];
      for (const line of stdout.split('\n')) {
        if (!line.startsWith('{')) continue;
        try {
          events.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // not JSON: ignore, like the SDKs do
        }
      }
      resolve({
        argv: [run.backend, ...args],
        stdin,
        exitCode,
        signal,
        stdout,
        stderr,
        events,
        durationMs: Date.now() - started,
        timedOut,
      });
    });
  });
}

/** The session/thread id a run reported (claude session_id, codex thread_id, opencode sessionID). */
export function sessionIdOf(result: CliResult): string | undefined {
  for (const e of result.events) {
    const id = e['session_id'] ?? e['thread_id'] ?? e['sessionID'];
    if (typeof id === 'string' && id !== '') return id;
  }
  return undefined;
}
