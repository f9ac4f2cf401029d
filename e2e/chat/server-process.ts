import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ApiClient } from '../../server/test-support/harness.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const mainScript = path.join(repoRoot, 'server', 'main.ts');

export interface ServerProcess {
  child: ChildProcess;
  api: ApiClient;
  /** Kill the server at once, as a crash would, and wait until it is gone. */
  crash(): Promise<void>;
}

/**
 * `npm run serve`'s server (through tsx) as a child process over `dataDir`, so a test can SIGKILL
 * it mid-run. The agent CLIs it starts inherit `env`, as they would the environment of a shell.
 */
export async function startServerProcess(
  dataDir: string,
  env: Record<string, string>,
): Promise<ServerProcess> {
  const inherited = { ...process.env };
  for (const name of Object.keys(inherited)) if (name.startsWith('GROVE_')) delete inherited[name];
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', mainScript, '--port', '0', '--data-dir', dataDir],
    { cwd: repoRoot, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      // Not left running: a server that started late would outlive the test.
      child.kill('SIGKILL');
      reject(new Error(`Grove did not start:\n${stderr}`));
    }, 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`Grove exited before listening:\n${stderr}`));
    });
  });
  const token = (await readFile(path.join(dataDir, 'token'), 'utf8')).trim();
  return {
    child,
    api: new ApiClient(url, token),
    async crash() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Every pid in the data dir's records of running agents' processes. */
export async function recordedPids(dataDir: string): Promise<number[]> {
  const dir = path.join(dataDir, 'processes');
  const names = (await readdir(dir).catch(() => [])).filter((name) => name.endsWith('.json'));
  const records = await Promise.all(
    names.map(async (name) =>
      JSON.parse(await readFile(path.join(dir, name), 'utf8').catch(() => '{}')),
    ),
  );
  return records.flatMap((record) =>
    (record.processes ?? []).map((ref: { pid: number }) => ref.pid),
  );
}
