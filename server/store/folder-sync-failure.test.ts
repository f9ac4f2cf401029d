import assert from 'node:assert/strict';
import { promises as fs, renameSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, test } from 'node:test';
import { z } from 'zod';
import { removeDir, tempDir } from '../test-support/harness.js';
import { JsonDocument } from './json-document.js';

const List = z.object({ schema_version: z.literal(1), items: z.array(z.string()) });
type List = z.infer<typeof List>;

const dirs: string[] = [];
after(async () => {
  await Promise.all(dirs.map(removeDir));
});

test('a write whose folder fsync fails after the rename counts as saved, as a restart sees it', async (t) => {
  const root = await tempDir('grove-folder-sync-');
  dirs.push(root);
  const folder = path.join(root, 'docs');
  const away = path.join(root, 'away');
  await mkdir(folder);
  const file = path.join(folder, 'list.json');
  const logs: string[] = [];
  const open = () =>
    JsonDocument.open<List>({
      file,
      schema: List,
      version: 1,
      migrations: [],
      initial: () => ({ schema_version: 1, items: [] }),
      log: (line) => logs.push(line),
    });
  const document = await open();
  await document.update((data) => data.items.push('first'));

  // The folder is moved away the instant the new file is renamed into place, so the folder's
  // fsync that follows fails for real (ENOENT) while the new text is already in the file.
  const rename = fs.rename.bind(fs);
  t.mock.method(fs, 'rename', async (from: string, to: string) => {
    await rename(from, to);
    if (to === file) renameSync(folder, away);
  });
  await document.update((data) => data.items.push('second'));
  t.mock.restoreAll();

  assert.deepEqual(document.data.items, ['first', 'second'], 'memory matches the file');
  assert.ok(
    logs.some((line) => line.includes('Could not fsync')),
    logs.join('\n'),
  );
  renameSync(away, folder);
  const onDisk = JSON.parse(await readFile(file, 'utf8')) as List;
  assert.deepEqual(onDisk.items, ['first', 'second']);
  const reopened = await open();
  assert.deepEqual(reopened.data.items, ['first', 'second']);
});
