import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { README, routeTable, withTable } from './api-routes.js';

test("the README's route table is the one generated from the endpoint table", async () => {
  const readme = await readFile(README, 'utf8');
  assert.ok(
    readme === withTable(readme, await routeTable()),
    'README.md is out of date: run `node --import tsx scripts/api-routes.ts --write`',
  );
});
