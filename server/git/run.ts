import { spawn } from 'node:child_process';
import { GroveError } from '../errors.js';
import { gitEnv } from './git.js';

const GIT_TIMEOUT_MS = 60_000;
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Written to git's stdin (a commit message with `-F -`). */
  input?: string;
  /** Extra environment, e.g. an identity check that must not see the user's. */
  env?: Record<string, string>;
}

/**
 * Run git with an argument array (never a shell) and report its exit code instead of throwing:
 * many git commands say something useful with a non-zero code (a conflict, a rejected push).
 * Pathspecs are literal, so a file named `*.ts` or `:(top)` is only ever that file.
 */
export function runGit(
  cwd: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['-c', 'core.quotePath=false', ...args], {
      cwd,
      env: {
        ...gitEnv(),
        GIT_LITERAL_PATHSPECS: '1',
        GIT_OPTIONAL_LOCKS: '0',
        LC_ALL: 'C',
        ...options.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OUTPUT_BYTES) child.kill('SIGKILL');
      else into.push(chunk);
    };
    child.stdout.on('data', collect(out));
    child.stderr.on('data', collect(err));
    const timer = setTimeout(() => child.kill('SIGKILL'), GIT_TIMEOUT_MS);
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        error.code === 'ENOENT'
          ? new GroveError('git-not-found', 'git was not found on PATH (or the folder is gone).')
          : error,
      );
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stderr = Buffer.concat(err).toString('utf8');
      if (signal) {
        const why = size > MAX_OUTPUT_BYTES ? 'its output was too large' : 'it took too long';
        reject(new GroveError('git-failed', `git ${args[0] ?? ''} was stopped: ${why}.`));
        return;
      }
      resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString('utf8'), stderr });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** Run git and return its stdout; a non-zero exit becomes `git-failed` with git's own words. */
export async function gitOut(
  cwd: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<string> {
  const result = await runGit(cwd, args, options);
  if (result.code !== 0) throw gitFailure(args, result);
  return result.stdout;
}

export function gitFailure(args: readonly string[], result: GitResult): GroveError {
  return new GroveError('git-failed', `git ${args[0] ?? ''} failed: ${gitSaid(result)}`);
}

/** The last lines git wrote, which say what went wrong. */
export function gitSaid(result: GitResult): string {
  const text = (result.stderr.trim() || result.stdout.trim()).split('\n');
  return text.slice(-6).join('\n') || `exit code ${result.code}`;
}

/** Split NUL-separated output, dropping the empty tail. */
export function splitNul(text: string): string[] {
  const parts = text.split('\0');
  if (parts.at(-1) === '') parts.pop();
  return parts;
}
