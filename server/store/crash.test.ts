import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { removeDir, tempDir } from '../test-support/harness.js';
import { Store } from './store.js';

const writerScript = fileURLToPath(new URL('../test-support/store-writer.ts', import.meta.url));

interface KilledWriter {
  session: string;
  projects: string[];
  messages: string[];
}

/**
 * Run the writer child, let it get `acknowledged` writes in, then SIGKILL it at once. Returns
 * every id it acknowledged (complete stdout lines only) after it is gone (reaped, so its pid is
 * really dead for the lock).
 */
function runAndKill(dataDir: string, acknowledged: number): Promise<KilledWriter> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writerScript, dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let killed = false;
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (!killed && out.split('\n').length - 2 >= acknowledged) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.once('error', reject);
    child.once('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') {
        reject(new Error(`writer exited on its own; stderr:\n${err}`));
        return;
      }
      // A line without its newline was cut off mid-print: treat it as not acknowledged.
      const lines = out.split('\n').slice(0, -1);
      const [ready, ...acks] = lines;
      const session = ready?.split(' ')[1] ?? '';
      const ids = (kind: string) =>
        acks
          .filter((line) => line.startsWith(`${kind} `))
          .map((line) => line.slice(kind.length + 1));
      resolve({ session, projects: ids('project'), messages: ids('message') });
    });
  });
}

describe('store crash safety', () => {
  const dirs: string[] = [];
  after(async () => {
    await Promise.all(dirs.map(removeDir));
  });

  test('SIGKILL in the middle of a burst of writes loses no acknowledged write and leaves a clean store', async () => {
    const dataDir = await tempDir('grove-crash-');
    dirs.push(dataDir);
    const seenProjects = new Set<string>();
    // Three kills at different points; each run starts from what the last one left behind.
    for (const acknowledged of [30, 90, 60]) {
      const run = await runAndKill(dataDir, acknowledged);
      assert.ok(run.projects.length > 0, 'catalog writes were acknowledged');
      for (const id of run.projects) seenProjects.add(id);

      const logs: string[] = [];
      const store = await Store.open({ dataDir, log: (line) => logs.push(line) });
      try {
        const stored = new Set(store.projects.map((project) => project.id));
        const lost = [...seenProjects].filter((id) => !stored.has(id));
        assert.deepEqual(lost, [], 'every acknowledged project is there');
        const messages = new Set(
          (await store.readMessages(run.session)).map((message) => message.id),
        );
        assert.deepEqual(
          run.messages.filter((id) => !messages.has(id)),
          [],
          'every acknowledged transcript line is there',
        );
        assert.ok(
          logs.every(
            (line) =>
              !/unreadable|restored|corrupt/i.test(line) ||
              /ended with \d+ unreadable bytes/.test(line),
          ),
          `the catalog opened cleanly, no recovery needed:\n${logs.join('\n')}`,
        );
      } finally {
        await store.close();
      }
      const names = await readdir(dataDir);
      assert.deepEqual(
        names.filter((name) => name.includes('.corrupt-')),
        [],
      );
      assert.deepEqual(
        names.filter((name) => name.endsWith('.tmp')),
        [],
        'temp files of the dead writer are cleaned up',
      );
      JSON.parse(await readFile(path.join(dataDir, 'catalog.json'), 'utf8'));
    }
  });
});
