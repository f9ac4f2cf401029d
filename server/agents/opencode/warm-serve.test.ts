import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { WarmHost } from '../../chat/warm-host.js';
import { EventHub } from '../../events/hub.js';
import type { Store } from '../../store/store.js';
import { processesIn } from '../../test-support/processes.js';
import { dataDir, openLogged, removeDataDirs } from '../../test-support/store-fixture.js';
import { ServeStartError, WarmServe } from './warm-serve.js';

/** A stand-in for `opencode serve`: a real process that prints `line` (if any) and stays. */
const serveSpec = (line: string | null) => ({
  command: process.execPath,
  args: [
    '-e',
    `${line ? `console.log(${JSON.stringify(line)});` : ''} setInterval(() => {}, 1e6);`,
  ],
  env: {},
});

describe('starting the warm OpenCode server', () => {
  let store: Store;
  let host: WarmHost;
  let warmDir: string;
  before(async () => {
    const dir = await dataDir();
    warmDir = path.join(dir, 'agents');
    ({ store } = await openLogged(dir));
    host = new WarmHost({ store, hub: new EventHub(), log: () => undefined });
  });
  after(async () => {
    await host.shutdown();
    await store.close();
    await removeDataDirs();
  });

  it('sends nothing to a server that announces an address off this machine, and stops it', async () => {
    const spec = serveSpec('opencode server listening on http://203.0.113.9:4096');
    const failure = await WarmServe.start(host, spec).catch((error: unknown) => error);
    assert.ok(failure instanceof ServeStartError);
    assert.match(failure.message, /http:\/\/203\.0\.113\.9:4096, which is not this machine/);
    assert.deepEqual(processesIn(warmDir), []);
  });

  it('stops a server that never says it is listening', async () => {
    const failure = await WarmServe.start(host, serveSpec(null), 100).catch(
      (error: unknown) => error,
    );
    assert.ok(failure instanceof ServeStartError);
    assert.equal(failure.message, 'OpenCode did not start its server within 0.1 s.');
    assert.deepEqual(processesIn(warmDir), []);
  });

  it('connects to a server on this machine', async () => {
    const serve = await WarmServe.start(
      host,
      serveSpec('opencode server listening on http://127.0.0.1:4096'),
    );
    assert.equal(serve.url, 'http://127.0.0.1:4096');
    assert.equal(processesIn(warmDir).length, 1);
    await serve.stop();
    assert.deepEqual(processesIn(warmDir), []);
  });
});
