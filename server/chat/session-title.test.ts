// Title calls through the real Claude adapter, with a small script in the CLI's place: the answer
// becomes the title, and Grove's shutdown waits until every call and what it started are gone.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { adapterFor } from '../agents/registry.js';
import { until } from '../test-support/processes.js';
import { isStillRunning, processRef } from './process-tree.js';
import { SessionTitles } from './session-title.js';

describe('session title calls', () => {
  let dir: string;
  const script = async (name: string, body: string) => {
    const file = path.join(dir, name);
    await writeFile(file, `#!/bin/sh\n${body}\n`);
    await chmod(file, 0o755);
    return file;
  };
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'grove-titles-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test("the CLI's answer, cleaned, is the title; a failed call gives none", async () => {
    const titles = new SessionTitles();
    const answering = await script('answers', 'echo \'"Fix the login form."\'');
    const failing = await script('fails', 'echo "Some title"; exit 3');
    const claude = adapterFor('claude');
    assert.equal(await titles.generate(claude, answering, 'the form', {}), 'Fix the login form');
    assert.equal(await titles.generate(claude, failing, 'the form', {}), null);
    assert.equal(await titles.generate(claude, path.join(dir, 'missing'), 'x', {}), null);
    // An answer no title could be: stopped as it goes over 64 KB, whatever the exit code.
    const endless = await script('endless', 'yes "A title"; exit 0');
    assert.equal(await titles.generate(claude, endless, 'the form', {}), null);
  });

  test('once stopping has begun, a call starts nothing', async () => {
    const titles = new SessionTitles();
    await titles.stopAll();
    const marking = await script('marks', `echo > "${dir}/ran"; echo "A title"`);
    assert.equal(await titles.generate(adapterFor('claude'), marking, 'the form', {}), null);
    assert.equal(existsSync(path.join(dir, 'ran')), false);
  });

  test('stopping waits for a call to end, and stops what it started', async () => {
    const titles = new SessionTitles();
    // A CLI that starts a process of its own and, once told to stop, takes a moment to write.
    const slow = await script(
      'slow',
      [
        `echo $$ > "${dir}/leader"`,
        'sleep 1000 &',
        `echo $! > "${dir}/started"`,
        `trap 'sleep 0.3; echo > "${dir}/ended"; exit 1' INT TERM`,
        'wait',
      ].join('\n'),
    );
    const title = titles.generate(adapterFor('claude'), slow, 'a title please', {});
    await until(() => existsSync(path.join(dir, 'started')));
    const pidIn = async (name: string) => Number(await readFile(path.join(dir, name), 'utf8'));
    const [leader, started] = [
      processRef(await pidIn('leader')),
      processRef(await pidIn('started')),
    ];
    await titles.stopAll();
    assert.ok(existsSync(path.join(dir, 'ended')), 'the call had ended when stopping returned');
    assert.equal(isStillRunning(leader), false, 'the CLI is gone');
    assert.equal(isStillRunning(started), false, 'what it started is gone');
    assert.equal(await title, null);
  });
});
