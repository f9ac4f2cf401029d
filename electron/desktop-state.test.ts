import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { readFileIfExists, writeFileAtomic } from '../server/store/durable-file.js';
import {
  DESKTOP_FILE,
  DesktopStateFile,
  initialBounds,
  parseState,
  type StateFs,
} from './desktop-state.js';
import { FakeWindow } from './test-support/fakes.js';
import { removeDir, tempDir } from './test-support/grove.js';
import { trackWindowState } from './window.js';

const dirs: string[] = [];
after(() => Promise.all(dirs.map(removeDir)));
async function freshDir(): Promise<string> {
  const dir = await tempDir('grove-desktop-state-');
  dirs.push(dir);
  return dir;
}

describe('desktop.json', () => {
  test('a missing file means defaults', async () => {
    const state = DesktopStateFile.in(await freshDir());
    assert.deepEqual(await state.load(), { version: 1 });
  });

  test('what one launch saves, the next launch reads', async () => {
    const dir = await freshDir();
    const first = DesktopStateFile.in(dir);
    await first.load();
    await first.update({ port: 4567 });
    await first.update({ window: { x: 10, y: 20, width: 1000, height: 700, maximized: true } });
    const second = DesktopStateFile.in(dir);
    assert.deepEqual(await second.load(), {
      version: 1,
      port: 4567,
      window: { x: 10, y: 20, width: 1000, height: 700, maximized: true },
    });
  });

  test('writes leave no temp files behind and never interleave', async () => {
    const dir = await freshDir();
    const state = DesktopStateFile.in(dir);
    await state.load();
    await Promise.all(
      Array.from({ length: 20 }, (_, index) => state.update({ port: 5000 + index })),
    );
    assert.deepEqual(await readdir(dir), [DESKTOP_FILE]);
    assert.equal(JSON.parse(await readFile(path.join(dir, DESKTOP_FILE), 'utf8')).port, 5019);
  });

  test('a corrupt or half-written file means defaults, not a failed start', async () => {
    const dir = await freshDir();
    const logs: string[] = [];
    await writeFile(path.join(dir, DESKTOP_FILE), '{"version":1,"port":45');
    const state = DesktopStateFile.in(dir, undefined, (line) => logs.push(line));
    assert.deepEqual(await state.load(), { version: 1 });
    assert.match(logs.join('\n'), /not valid JSON/);
  });

  test('invalid fields are dropped one by one', () => {
    assert.deepEqual(parseState('{"port":70000,"window":{"x":1,"y":2,"width":800,"height":600}}'), {
      version: 1,
      window: { x: 1, y: 2, width: 800, height: 600, maximized: false },
    });
    assert.deepEqual(parseState('{"port":4000,"window":{"x":"1","y":2,"width":-5,"height":600}}'), {
      version: 1,
      port: 4000,
    });
    assert.deepEqual(parseState('[]'), { version: 1 });
    assert.deepEqual(parseState('null'), { version: 1 });
  });

  test('a write that fails part-way keeps the previous file whole', async () => {
    const dir = await freshDir();
    const file = path.join(dir, DESKTOP_FILE);
    await writeFileAtomic(file, JSON.stringify({ version: 1, port: 4000 }));
    // The disk fills up halfway through the new contents: a torn temp file is all that is written.
    const crashing: StateFs = {
      read: readFileIfExists,
      write: async (target, contents) => {
        await writeFile(`${target}.tmp`, contents.slice(0, 5));
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      },
    };
    const state = new DesktopStateFile(file, crashing);
    await state.load();
    await assert.rejects(state.update({ port: 5000 }), /ENOSPC/);
    assert.deepEqual(await DesktopStateFile.in(dir).load(), { version: 1, port: 4000 });
  });

  test('a failed write does not stop later ones', async () => {
    const dir = await freshDir();
    let failNext = true;
    const flaky: StateFs = {
      read: readFileIfExists,
      write: async (target, contents) => {
        if (failNext) {
          failNext = false;
          throw new Error('EIO');
        }
        await writeFileAtomic(target, contents);
      },
    };
    const state = DesktopStateFile.in(dir, flaky);
    await state.load();
    await assert.rejects(state.update({ port: 4001 }));
    await state.update({ port: 4002 });
    assert.equal((await DesktopStateFile.in(dir).load()).port, 4002);
  });
});

describe('initialBounds', () => {
  const laptop = { x: 0, y: 0, width: 1440, height: 875 };
  const external = { x: 1440, y: 0, width: 2560, height: 1415 };

  test('without a saved place, the default size, placed by the OS', () => {
    assert.deepEqual(initialBounds(undefined, [laptop]), { width: 1280, height: 800 });
  });

  test('a saved place on a connected screen is reused', () => {
    const saved = { x: 1600, y: 100, width: 1200, height: 900, maximized: false };
    assert.deepEqual(initialBounds(saved, [laptop, external]), {
      x: 1600,
      y: 100,
      width: 1200,
      height: 900,
    });
  });

  test('a place on a screen that was unplugged keeps only the size', () => {
    const saved = { x: 1600, y: 100, width: 1200, height: 900, maximized: false };
    assert.deepEqual(initialBounds(saved, [laptop]), { width: 1200, height: 900 });
  });

  test('a window barely on screen is not reused; one too small is grown to the minimum', () => {
    const edge = { x: 1400, y: 100, width: 800, height: 600, maximized: false };
    assert.deepEqual(initialBounds(edge, [laptop]), { width: 800, height: 600 });
    const tiny = { x: 10, y: 10, width: 100, height: 50, maximized: false };
    assert.deepEqual(initialBounds(tiny, [laptop]), { x: 10, y: 10, width: 720, height: 480 });
  });
});

describe('trackWindowState', () => {
  test('saves the place once the window stops moving, and at once on close', async () => {
    const window = new FakeWindow({ x: 0, y: 0, width: 800, height: 600 });
    const saved: unknown[] = [];
    trackWindowState(window, async (place) => void saved.push(place), 20);
    window.moveTo({ x: 50, y: 60, width: 800, height: 600 });
    window.moveTo({ x: 70, y: 80, width: 900, height: 650 });
    assert.deepEqual(saved, []);
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.deepEqual(saved, [{ x: 70, y: 80, width: 900, height: 650, maximized: false }]);
    window.maximize();
    window.close();
    await new Promise((resolve) => setImmediate(resolve));
    // Maximised, the un-maximised bounds are what is kept, so un-maximising later restores them.
    assert.deepEqual(saved[1], { x: 70, y: 80, width: 900, height: 650, maximized: true });
    assert.equal(saved.length, 2);
  });

  test('flush saves a pending change now and nothing when there is none', async () => {
    const window = new FakeWindow({});
    const saved: unknown[] = [];
    const tracker = trackWindowState(window, async (place) => void saved.push(place), 10_000);
    await tracker.flush();
    assert.equal(saved.length, 0);
    window.moveTo({ x: 5, y: 5, width: 1000, height: 700 });
    await tracker.flush();
    assert.deepEqual(saved, [{ x: 5, y: 5, width: 1000, height: 700, maximized: false }]);
  });
});
