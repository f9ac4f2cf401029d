// The store's catalog: writes that are durable when they resolve, and recovery when the file on
// disk is damaged (from the backup, or a refusal that leaves the data as it was).
import assert from 'node:assert/strict';
import { readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import type { Project } from '../contract/index.js';
import { dataDir, openLogged, removeDataDirs } from '../test-support/store-fixture.js';
import { writeFileAtomic } from './durable-file.js';
import { StoreCorruptError } from './json-document.js';
import { StoreTooNewError } from './migrations.js';
import { SCHEMA_VERSION, Store } from './store.js';

function project(name: string): Project {
  return {
    id: crypto.randomUUID(),
    name,
    path: `/repos/${name}`,
    created_at: 1,
    updated_at: 1,
    defaults: {
      backend: null,
      models: { claude: null, codex: null, opencode: null },
      thinking_level: null,
    },
  };
}

after(removeDataDirs);

/** A data dir whose catalog.json holds projects a+b and whose catalog.json.bak holds only a. */
async function twoVersions(): Promise<{ dir: string; catalog: string; a: Project; b: Project }> {
  const dir = await dataDir();
  const store = await Store.open({ dataDir: dir, log: () => undefined });
  const a = project('a');
  const b = project('b');
  await store.updateCatalog((catalog) => catalog.projects.push(a));
  await store.updateCatalog((catalog) => catalog.projects.push(b));
  await store.close();
  return { dir, catalog: path.join(dir, 'catalog.json'), a, b };
}

describe('store: durable writes', () => {
  test('a write is on disk when it resolves, and the previous version is kept as .bak', async () => {
    const { dir, catalog, a, b } = await twoVersions();
    const onDisk = JSON.parse(await readFile(catalog, 'utf8')) as {
      schema_version: number;
      projects: Project[];
    };
    assert.equal(onDisk.schema_version, SCHEMA_VERSION);
    assert.deepEqual(onDisk.projects, [a, b]);
    const backup = JSON.parse(await readFile(`${catalog}.bak`, 'utf8')) as { projects: Project[] };
    assert.deepEqual(backup.projects, [a]);
    assert.equal((await stat(catalog)).mode & 0o777, 0o600);
    const { store } = await openLogged(dir);
    assert.deepEqual(store.projects, [a, b]);
    await store.close();
  });

  test('writeFileAtomic leaves no temp file and replaces the whole file', async () => {
    const dir = await dataDir();
    const file = path.join(dir, 'doc.json');
    await Promise.all([writeFileAtomic(file, 'one'), writeFileAtomic(file, 'two')]);
    assert.ok(['one', 'two'].includes(await readFile(file, 'utf8')));
    await writeFileAtomic(file, 'three', { keepBackup: true });
    assert.equal(await readFile(file, 'utf8'), 'three');
    assert.ok(['one', 'two'].includes(await readFile(`${file}.bak`, 'utf8')));
    assert.deepEqual((await readdir(dir)).sort(), ['doc.json', 'doc.json.bak']);
  });

  test('commits that overlap all land, in order', async () => {
    const dir = await dataDir();
    const { store } = await openLogged(dir);
    const names = Array.from({ length: 25 }, (_, i) => `p${i}`);
    await Promise.all(
      names.map((name) => store.updateCatalog((catalog) => catalog.projects.push(project(name)))),
    );
    await store.close();
    const { store: reopened } = await openLogged(dir);
    assert.deepEqual(
      reopened.projects.map((item) => item.name),
      names,
    );
    await reopened.close();
  });
});

describe('store: recovery from a damaged catalog', () => {
  for (const [label, damage] of [
    ['truncated', (file: string) => truncate(file, 20)],
    ['garbled bytes', (file: string) => writeFile(file, '\u0000\u0001{{not json')],
    ['empty', (file: string) => writeFile(file, '')],
    [
      'valid JSON of the wrong shape',
      (file: string) => writeFile(file, JSON.stringify({ schema_version: 1, projects: 'oops' })),
    ],
    ['a JSON array', (file: string) => writeFile(file, '[]')],
  ] as const) {
    test(`${label}: moved aside as .corrupt-<time>, .bak restored, logged clearly`, async () => {
      const { dir, catalog, a } = await twoVersions();
      await damage(catalog);
      const damaged = await readFile(catalog);
      const { store, logs } = await openLogged(dir);
      try {
        assert.deepEqual(store.projects, [a], 'the last good backup is what we have');
      } finally {
        await store.close();
      }
      const aside = (await readdir(dir)).filter((name) => name.startsWith('catalog.json.corrupt-'));
      assert.equal(aside.length, 1);
      assert.match(
        aside[0] ?? '',
        /^catalog\.json\.corrupt-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/,
      );
      assert.deepEqual(
        await readFile(path.join(dir, aside[0] ?? '')),
        damaged,
        'the damaged file is kept as it was',
      );
      assert.ok(
        logs.some((line) => line.includes('is unreadable') && line.includes(aside[0] ?? '')),
        logs.join('\n'),
      );
      assert.ok(
        logs.some((line) => line.includes('restored') && line.includes('backup')),
        logs.join('\n'),
      );
      // The restored file is whole again: the next open needs no recovery.
      const again = await openLogged(dir);
      assert.deepEqual(again.store.projects, [a]);
      assert.deepEqual(again.logs, []);
      await again.store.close();
    });
  }

  test('a missing catalog with a good backup is restored from it', async () => {
    const { dir, catalog, a } = await twoVersions();
    await rm(catalog);
    const { store, logs } = await openLogged(dir);
    assert.deepEqual(store.projects, [a]);
    assert.ok(logs.some((line) => line.includes('restored')));
    await store.close();
  });

  test('catalog and backup both damaged: StoreCorruptError, every time, and nothing is moved or emptied', async () => {
    const { dir, catalog } = await twoVersions();
    await writeFile(catalog, '{"schema_version":1,');
    await writeFile(`${catalog}.bak`, 'garbage');
    for (let attempt = 0; attempt < 2; attempt++) {
      await assert.rejects(openLogged(dir), (error: unknown) => {
        assert.ok(error instanceof StoreCorruptError);
        assert.match(error.message, /catalog\.json/);
        assert.match(error.message, /will not start over your data/);
        return true;
      });
    }
    assert.equal(await readFile(catalog, 'utf8'), '{"schema_version":1,');
    assert.equal(await readFile(`${catalog}.bak`, 'utf8'), 'garbage');
    // The lock was released by the failed open.
    await assert.rejects(stat(path.join(dir, 'grove.lock')), { code: 'ENOENT' });
  });

  test('a damaged catalog with no backup at all is refused on every start, never replaced by an empty one', async () => {
    const dir = await dataDir();
    await writeFile(path.join(dir, 'catalog.json'), '{"schema_version":1,"projects":[');
    for (let attempt = 0; attempt < 2; attempt++) {
      await assert.rejects(openLogged(dir), StoreCorruptError);
    }
    assert.equal(
      await readFile(path.join(dir, 'catalog.json'), 'utf8'),
      '{"schema_version":1,"projects":[',
    );
  });

  test('a catalog from a newer Grove is refused as such, not "recovered" over', async () => {
    const { dir, catalog } = await twoVersions();
    const newer = JSON.stringify({
      schema_version: SCHEMA_VERSION + 1,
      projects: [],
      worktrees: [],
      preferences: {},
    });
    await writeFile(catalog, newer);
    await assert.rejects(openLogged(dir), StoreTooNewError);
    assert.equal(await readFile(catalog, 'utf8'), newer);
    assert.deepEqual(
      (await readdir(dir)).filter((name) => name.includes('corrupt')),
      [],
    );
  });
});
