import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { nothingAddedIn, processesIn, until } from './processes.js';

test('a forked child still showing its parent’s command line is not listed; what it runs is', async () => {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'grove-processes-')));
  // The parenthesised list runs in a subshell: a fork of `sh` that never execs.
  const shell = spawn('sh', ['-c', '(sleep 211; true); true'], { cwd: dir });
  try {
    await until(() => processesIn(dir).some((item) => item.command === 'sleep 211'));
    const commands = processesIn(dir).map((item) => item.command);
    assert.deepEqual(commands.sort(), ['sh -c (sleep 211; true); true', 'sleep 211'].sort());
  } finally {
    for (const { pid } of processesIn(dir)) process.kill(pid, 'SIGKILL');
    shell.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('nothingAddedIn names a process that stays, and waits for one that ends', async () => {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'grove-processes-')));
  const before = processesIn(dir);
  const brief = spawn('sleep', ['4'], { cwd: dir });
  const stays = spawn('sleep', ['212'], { cwd: dir });
  try {
    await until(() => processesIn(dir).length === 2);
    await assert.rejects(nothingAddedIn(dir, before, { otherMs: 300 }), /sleep 212/);
    stays.kill('SIGKILL');
    await nothingAddedIn(dir, before, { otherMs: 10_000 });
    assert.deepEqual(processesIn(dir), []);
  } finally {
    brief.kill('SIGKILL');
    stays.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
