import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const serveScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'serve.mjs');

/**
 * The real serve.mjs, copied into a folder whose dist/ is up to date, so it starts a stand-in
 * server at once: the stand-in reports its pid and whether it got the token, then waits.
 */
async function serveFolder(): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'grove-serve-'));
  await mkdir(path.join(root, 'scripts'));
  await mkdir(path.join(root, 'dist', 'server'), { recursive: true });
  await mkdir(path.join(root, 'dist', 'renderer'));
  await copyFile(serveScript, path.join(root, 'scripts', 'serve.mjs'));
  await writeFile(path.join(root, 'dist', 'renderer', 'index.html'), '<!doctype html>');
  await writeFile(
    path.join(root, 'dist', 'server', 'main.js'),
    `console.log(JSON.stringify({ pid: process.pid, args: process.argv.slice(2), token: process.env.GROVE_TOKEN ?? null }));
setInterval(() => {}, 1000);`,
  );
  return root;
}

describe('scripts/serve.mjs', () => {
  const roots: string[] = [];
  after(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

  for (const form of [['--token', 'Secret-123'], ['--token=Secret-123']]) {
    test(`moves ${form.join(' ')} off the child's command line into its environment`, async () => {
      const root = await serveFolder();
      roots.push(root);
      const serve = spawn(
        process.execPath,
        [path.join(root, 'scripts', 'serve.mjs'), '--port', '0', ...form, '--data-dir', '/x'],
        { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GROVE_TOKEN: '' } },
      );
      let stderr = '';
      serve.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      try {
        const report = await new Promise<{ pid: number; args: string[]; token: string | null }>(
          (resolve, reject) => {
            let out = '';
            serve.stdout.on('data', (chunk: Buffer) => {
              out += chunk.toString();
              if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0] ?? ''));
            });
            serve.once('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
          },
        );
        const cmdline = await readFile(`/proc/${report.pid}/cmdline`, 'utf8');
        assert.ok(cmdline.includes('main.js'), `the child's own command line: ${cmdline}`);
        assert.ok(!cmdline.includes('Secret-123'), `no secret on the command line: ${cmdline}`);
        assert.deepEqual(report.args, ['--port', '0', '--data-dir', '/x']);
        assert.equal(report.token, 'Secret-123', 'the token reaches the child as GROVE_TOKEN');
        assert.match(stderr, /warning: --token .*--token-file FILE or GROVE_TOKEN/);
      } finally {
        serve.kill('SIGTERM');
      }
    });
  }
});
