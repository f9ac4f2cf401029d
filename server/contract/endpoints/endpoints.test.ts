import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { RUN_ERROR_CODES } from '../run-errors.js';
import * as tables from './index.js';

describe('the endpoint table', () => {
  test('no resource declares an operationId another one already has (spreading would hide it)', () => {
    const resourceTables = Object.entries(tables)
      .filter(([name]) => name.endsWith('Endpoints'))
      .map(([, table]) => Object.keys(table));
    const all = resourceTables.flat();
    assert.equal(new Set(all).size, all.length);
    assert.deepEqual(all.sort(), Object.keys(tables.ENDPOINTS).sort());
  });

  test('every path parameter is an id, so the router checks it is a UUID', () => {
    for (const [operationId, endpoint] of Object.entries(tables.ENDPOINTS)) {
      for (const [, name] of endpoint.path.matchAll(/:(\w+)/g)) {
        assert.match(name ?? '', /Id$/, operationId);
      }
    }
  });

  test("the run error union holds every code Grove's runner reports", async () => {
    const chatDir = path.resolve(import.meta.dirname, '../../chat');
    for (const file of await readdir(chatDir)) {
      if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
      const source = await readFile(path.join(chatDir, file), 'utf8');
      for (const [, code] of source.matchAll(/\bcode: '([a-z-]+)'/g)) {
        assert.ok(RUN_ERROR_CODES.includes(code as never), `${file}: ${code}`);
      }
    }
  });
});
