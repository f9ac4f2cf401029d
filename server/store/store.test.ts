import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, readdir, readFile, rm, stat, symlink, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import type { Project } from '../contract/index.js';
import { removeDir, tempDir } from '../test-support/harness.js';
import { writeFileAtomic } from './durable-file.js';
import { StoreCorruptError } from './json-document.js';
import { DataDirLockedError } from './lock.js';
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

const dirs: string[] = [];
after(async () => {
  await Promise.all(dirs.map(removeDir));
});
async function dataDir(): Promise<string> {
  const dir = await tempDir('grove-store-');
  dirs.push(dir);
  return dir;
}

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

async function openLogged(dir: string, options: Partial<Parameters<typeof Store.open>[0]> = {}) {
  const logs: string[] = [];
  const store = await Store.open({ dataDir: dir, log: (line) => logs.push(line), ...options });
  return { store, logs };
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

describe('store: migrations', () => {
  const versionZero = {
    // The shape of an imagined version 0: projects had a "title", there were no preferences.
    projects: [
      {
        id: 'b8f5c6a4-3f1e-4c9b-9a55-0d6f4a1e2c3b',
        title: 'Old',
        path: '/repos/old',
        created_at: 5,
      },
    ],
    worktrees: [],
  };
  const migrateZero = (data: Record<string, unknown>) => ({
    projects: (
      data.projects as { id: string; title: string; path: string; created_at: number }[]
    ).map((old) => ({
      id: old.id,
      name: old.title,
      path: old.path,
      created_at: old.created_at,
      updated_at: old.created_at,
      defaults: {
        backend: null,
        models: { claude: null, codex: null, opencode: null },
        thinking_level: null,
      },
    })),
    worktrees: data.worktrees,
    preferences: {
      default_backend: 'claude',
      default_models: {
        claude: 'sonnet',
        codex: 'gpt-5.5',
        opencode: 'anthropic/claude-sonnet-4-5',
      },
      default_execution_mode: 'plan',
      default_thinking_level: 'off',
      cli_paths: { claude: null, codex: null, opencode: null },
      worktrees_dir: null,
    },
  });

  test('a version-0 file is backed up as .v0.bak, migrated, written back and logged', async () => {
    const dir = await dataDir();
    const catalog = path.join(dir, 'catalog.json');
    const original = JSON.stringify(versionZero);
    await writeFile(catalog, original);
    const { store, logs } = await openLogged(dir, {
      migrations: { catalog: [{ from: 0, migrate: migrateZero }] },
    });
    try {
      assert.equal(store.projects[0]?.name, 'Old');
      assert.equal(store.projects[0]?.updated_at, 5);
    } finally {
      await store.close();
    }
    assert.equal(await readFile(`${catalog}.v0.bak`, 'utf8'), original);
    const migrated = JSON.parse(await readFile(catalog, 'utf8')) as Record<string, unknown>;
    assert.equal(migrated.schema_version, SCHEMA_VERSION);
    assert.deepEqual(migrated.projects, [
      {
        id: versionZero.projects[0]?.id,
        name: 'Old',
        path: '/repos/old',
        created_at: 5,
        updated_at: 5,
        defaults: {
          backend: null,
          models: { claude: null, codex: null, opencode: null },
          thinking_level: null,
        },
      },
    ]);
    assert.ok(
      logs.some((line) => line.includes('migrated') && line.includes('from schema 0 to 1')),
      logs.join('\n'),
    );
    // Opening again (no migrations needed now) is quiet.
    const again = await openLogged(dir);
    assert.equal(again.store.projects[0]?.name, 'Old');
    assert.deepEqual(again.logs, []);
    await again.store.close();
  });

  test('a migration that produces invalid data or throws never overwrites the original', async () => {
    for (const migrate of [
      () => ({ projects: 'not a list' }),
      () => {
        throw new Error('bug in migration');
      },
    ]) {
      const dir = await dataDir();
      const catalog = path.join(dir, 'catalog.json');
      const original = JSON.stringify(versionZero);
      await writeFile(catalog, original);
      await assert.rejects(
        openLogged(dir, { migrations: { catalog: [{ from: 0, migrate }] } }),
        StoreCorruptError,
      );
      assert.equal(await readFile(catalog, 'utf8'), original);
    }
  });

  test('a version-0 file with no migration registered is refused, not emptied', async () => {
    const dir = await dataDir();
    const catalog = path.join(dir, 'catalog.json');
    await writeFile(catalog, JSON.stringify(versionZero));
    await assert.rejects(openLogged(dir), /no migration from schema 0/);
    assert.equal(await readFile(catalog, 'utf8'), JSON.stringify(versionZero));
  });
});

describe('store: one owner per data dir', () => {
  test('a second open while the first is open fails with DataDirLockedError; after close it works', async () => {
    const dir = await dataDir();
    const first = await Store.open({ dataDir: dir, log: () => undefined });
    await assert.rejects(Store.open({ dataDir: dir, log: () => undefined }), (error: unknown) => {
      assert.ok(error instanceof DataDirLockedError);
      assert.match(error.message, new RegExp(`pid ${process.pid}`));
      return true;
    });
    // Through a symlink it is still the same folder.
    const link = `${dir}-link`;
    dirs.push(link);
    await symlink(dir, link);
    await assert.rejects(Store.open({ dataDir: link, log: () => undefined }), DataDirLockedError);
    assert.equal(await readFile(path.join(dir, 'grove.lock'), 'utf8'), String(process.pid));
    await first.close();
    const second = await Store.open({ dataDir: dir, log: () => undefined });
    await second.close();
  });

  test('a lock held by another live process is respected', async () => {
    const dir = await dataDir();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], {
      stdio: 'ignore',
    });
    try {
      await writeFile(path.join(dir, 'grove.lock'), String(other.pid));
      await assert.rejects(Store.open({ dataDir: dir, log: () => undefined }), (error: unknown) => {
        assert.ok(error instanceof DataDirLockedError);
        assert.match(error.message, new RegExp(`pid ${other.pid}\\).*--data-dir`));
        return true;
      });
    } finally {
      other.kill('SIGKILL');
      await once(other, 'exit');
    }
    // Its owner is gone now: the stale lock is taken over.
    const store = await Store.open({ dataDir: dir, log: () => undefined });
    assert.equal(await readFile(path.join(dir, 'grove.lock'), 'utf8'), String(process.pid));
    await store.close();
  });

  test('stale locks are taken over: our own pid from an earlier life, garbage, an empty file', async () => {
    for (const content of [String(process.pid), 'garbage', '']) {
      const dir = await dataDir();
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, 'grove.lock'), content);
      const store = await Store.open({ dataDir: dir, log: () => undefined });
      await store.close();
    }
  });

  test('open creates the data dir and its folders; close releases the lock', async () => {
    const dir = path.join(await dataDir(), 'nested', 'data');
    const store = await Store.open({ dataDir: dir, log: () => undefined });
    assert.equal(store.dataDir, dir);
    assert.deepEqual((await readdir(dir)).sort(), ['grove.lock', 'sessions', 'transcripts']);
    await store.close();
    assert.deepEqual((await readdir(dir)).sort(), ['sessions', 'transcripts']);
  });
});
