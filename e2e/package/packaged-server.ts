// The server and node-pty as the package carries them, run with plain Node from an extracted copy
// of app.asar in a temp folder, so nothing resolves from the repository's node_modules.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface PackagedServer {
  url: string;
  token: string;
  output(): string;
  /** SIGTERM, as a quit sends it, and the exit code. */
  stop(): Promise<number | null>;
}

export async function startPackagedServer(
  appDir: string,
  dataDir: string,
): Promise<PackagedServer> {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('GROVE_')) delete env[name];
  const main = path.join(appDir, 'dist', 'server', 'main.js');
  const child = spawn(process.execPath, [main, '--port', '0', '--data-dir', dataDir], {
    cwd: dataDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    void exited.then((code) =>
      reject(new Error(`the packaged server exited (${code}):\n${output}`)),
    );
  });
  const token = (await readFile(path.join(dataDir, 'token'), 'utf8')).trim();
  return {
    url,
    token,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

export function makeGitRepo(dir: string): void {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  git('config', 'user.email', 'package@example.com');
  git('config', 'user.name', 'Grove package test');
  git('commit', '-q', '--allow-empty', '-m', 'initial');
}

export interface PtyRun {
  output: string;
  exitCode: number;
  nativeModules: string[];
}

/**
 * Requires node-pty from `moduleDir` in a fresh Node process, runs `echo` in a pseudo-terminal
 * and reports what it printed and which native binaries that process loaded.
 */
export async function runPtyFrom(moduleDir: string, workDir: string): Promise<PtyRun> {
  const script = path.join(workDir, 'pty-probe.cjs');
  await writeFile(
    script,
    `const pty = require(${JSON.stringify(moduleDir)});
const term = pty.spawn('/bin/sh', ['-c', 'echo pty-says-$((6 * 7))'], { cols: 80, rows: 24 });
let output = '';
let exitCode = null;
let reported = false;
const report = () => {
  if (reported) return;
  reported = true;
  const nativeModules = Object.keys(require.cache).filter((file) => file.endsWith('.node'));
  process.stdout.write(JSON.stringify({ output, exitCode, nativeModules }));
  process.exit(0);
};
// Output can trail the exit: report once both are in, or a while after the exit if output never is.
const reportWhenComplete = () => exitCode !== null && output.includes('pty-says-42') && report();
term.onData((data) => {
  output += data;
  reportWhenComplete();
});
term.onExit((event) => {
  exitCode = event.exitCode;
  reportWhenComplete();
  setTimeout(report, 5000);
});
`,
  );
  const result = spawnSync(process.execPath, [script], {
    cwd: workDir,
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (result.status !== 0) throw new Error(`node-pty did not run:\n${result.stderr}`);
  return JSON.parse(result.stdout) as PtyRun;
}
