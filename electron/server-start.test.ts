import assert from 'node:assert/strict';
import { createServer as createNetServer, type AddressInfo, type Server } from 'node:net';
import { after, describe, test } from 'node:test';
import { createServer, type GroveServer, type ServerOptions } from '../server/server.js';
import {
  configuredPort,
  DEFAULT_PORT,
  findFreePort,
  portInUseDialog,
  startServer,
  type StartServerDeps,
} from './server-start.js';
import { isServing, removeDir, tempDir } from './test-support/grove.js';

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A port that something other than Grove really holds. */
async function occupiedPort(): Promise<number> {
  const blocker: Server = createNetServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => blocker.close(() => resolve())));
  return (blocker.address() as AddressInfo).port;
}

async function dataDir(): Promise<string> {
  const dir = await tempDir('grove-start-');
  cleanups.push(() => removeDir(dir));
  return dir;
}

function track(server: GroveServer | null): GroveServer | null {
  if (server) cleanups.push(() => server.close());
  return server;
}

interface Recorded {
  asked: [number, number][];
  remembered: number[];
  starts: number[];
}

async function deps(
  port: number,
  answer: boolean,
  dir?: string,
): Promise<StartServerDeps & Recorded> {
  const recorded: Recorded = { asked: [], remembered: [], starts: [] };
  return {
    ...recorded,
    createServer: (options: ServerOptions) => {
      recorded.starts.push(options.port);
      return createServer(options);
    },
    options: { dataDir: dir ?? (await dataDir()), log: () => undefined },
    port,
    findFreePort,
    askToUsePort: async (taken, offered) => {
      recorded.asked.push([taken, offered]);
      return answer;
    },
    rememberPort: async (chosen) => void recorded.remembered.push(chosen),
  };
}

describe('configuredPort', () => {
  test('GROVE_PORT wins, then the saved port, then 3456', () => {
    assert.equal(configuredPort({ GROVE_PORT: '0' }, 4000), 0);
    assert.equal(configuredPort({ GROVE_PORT: ' 5123 ' }, 4000), 5123);
    assert.equal(configuredPort({}, 4000), 4000);
    assert.equal(configuredPort({ GROVE_PORT: '' }, undefined), DEFAULT_PORT);
    assert.equal(DEFAULT_PORT, 3456);
  });

  test('a GROVE_PORT that is not a port is an error, not a guess', () => {
    for (const bad of ['abc', '-1', '70000', '12.5', '0x50']) {
      assert.throws(
        () => configuredPort({ GROVE_PORT: bad }, undefined),
        /GROVE_PORT must be a port/,
        bad,
      );
    }
  });
});

describe('startServer', () => {
  test('starts the real server on a free port without asking anything', async () => {
    const d = await deps(0, true);
    const server = track(await startServer(d));
    assert.ok(server);
    assert.equal(server.host, '127.0.0.1');
    assert.ok(await isServing(server.url));
    assert.deepEqual(d.asked, []);
    assert.deepEqual(d.remembered, []);
  });

  test('port taken: offers a free port; accepted, starts there and remembers it', async () => {
    const taken = await occupiedPort();
    const d = await deps(taken, true);
    const server = track(await startServer(d));
    assert.ok(server);
    assert.equal(d.asked.length, 1);
    const [[askedTaken, offered] = [0, 0]] = d.asked;
    assert.equal(askedTaken, taken);
    assert.notEqual(offered, taken);
    assert.equal(server.port, offered);
    assert.deepEqual(d.starts, [taken, offered]);
    assert.deepEqual(d.remembered, [offered]);
    assert.ok(await isServing(server.url));
  });

  test('port taken and the offer declined: null, and the data dir is left free', async () => {
    const taken = await occupiedPort();
    const dir = await dataDir();
    const d = await deps(taken, false, dir);
    assert.equal(await startServer(d), null);
    assert.equal(d.asked.length, 1);
    assert.deepEqual(d.remembered, []);
    // Nothing was left holding the data dir: a later start over it succeeds.
    const again = track(await createServer({ port: 0, dataDir: dir, log: () => undefined }));
    assert.ok(again);
  });

  test('any other failure is thrown without a port dialog', async () => {
    const dir = await dataDir();
    track(await createServer({ port: 0, dataDir: dir, log: () => undefined }));
    const d = await deps(0, true, dir);
    await assert.rejects(startServer(d), { name: 'DataDirLockedError' });
    assert.deepEqual(d.asked, []);
  });

  test('the server still starts when the chosen port cannot be saved', async () => {
    const taken = await occupiedPort();
    const logs: string[] = [];
    const d = await deps(taken, true);
    const server = track(
      await startServer({
        ...d,
        options: { ...d.options, log: (line) => logs.push(line) },
        rememberPort: async () => {
          throw new Error('EROFS: read-only file system');
        },
      }),
    );
    assert.ok(server);
    assert.match(logs.join('\n'), /could not save port .*EROFS/);
  });
});

test('findFreePort gives a port that can be listened on', async () => {
  const port = await findFreePort('127.0.0.1');
  const probe = createNetServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(port, '127.0.0.1', resolve);
  });
  await new Promise((resolve) => probe.close(resolve));
});

test('the port dialog names both ports and quitting is the cancel button', () => {
  const options = portInUseDialog('127.0.0.1', 3456, 50123);
  assert.equal(options.message, 'Port 3456 is already in use');
  assert.match(options.detail ?? '', /127\.0\.0\.1:3456/);
  assert.match(options.detail ?? '', /50123 instead and will remember it/);
  assert.deepEqual(options.buttons, ['Use Port 50123', 'Quit Grove']);
  assert.equal(options.defaultId, 0);
  assert.equal(options.cancelId, 1);
});
