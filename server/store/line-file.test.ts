import assert from 'node:assert/strict';
import { constants } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, test } from 'node:test';
import { dataDir, removeDataDirs } from '../test-support/store-fixture.js';
import { realFiles, type FileHandleLike, type FileLayer } from './file-layer.js';
import { LineFile } from './line-file.js';

after(removeDataDirs);

/** The real file system, counting handles opened and closed and folder fsyncs. */
function countingFiles() {
  const counts = { opened: 0, closed: 0, folderSyncs: 0, failAppend: false };
  const files: FileLayer = {
    ...realFiles,
    open: async (name, flags, mode) => {
      const handle = await realFiles.open(name, flags, mode);
      counts.opened += 1;
      const folder = flags === constants.O_RDONLY;
      const wrapped: FileHandleLike = Object.create(handle) as FileHandleLike;
      wrapped.close = () => ((counts.closed += 1), handle.close());
      wrapped.sync = () => ((counts.folderSyncs += folder ? 1 : 0), handle.sync());
      wrapped.appendFile = (data) =>
        counts.failAppend
          ? Promise.reject(Object.assign(new Error('EIO: simulated'), { code: 'EIO' }))
          : handle.appendFile(data);
      return wrapped;
    },
  };
  return { files, counts };
}

test('appends close every handle they open, and fsync the folder only when they create the file', async () => {
  const { files, counts } = countingFiles();
  const file = path.join(await dataDir(), 'lines.log');
  const lines = new LineFile(file, () => undefined, files);
  assert.equal(await lines.append(Buffer.from('one\n')), 0);
  assert.equal(await lines.append(Buffer.from('two\n')), 4);
  counts.failAppend = true;
  await assert.rejects(lines.append(Buffer.from('lost\n')), /EIO/);
  counts.failAppend = false;
  assert.equal(await lines.append(Buffer.from('three\n')), 8);
  assert.equal(await readFile(file, 'utf8'), 'one\ntwo\nthree\n');
  assert.equal(counts.folderSyncs, 1);
  assert.equal(counts.closed, counts.opened);
});
