// The store's catalog schema migrations: the old file is backed up first and never overwritten by
// a migration that fails.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { dataDir, openLogged, removeDataDirs } from '../test-support/store-fixture.js';
import { StoreCorruptError } from './json-document.js';
import { SCHEMA_VERSION } from './store.js';

after(removeDataDirs);

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
