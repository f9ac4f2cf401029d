import assert from 'node:assert/strict';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { after, describe, test } from 'node:test';
import type { Attachment } from '../contract/attachments.js';
import { materialize, type CrashImage } from '../test-support/crash-disk.js';
import { CrashFiles } from '../test-support/crash-files.js';
import { dataDir, removeDataDirs } from '../test-support/store-fixture.js';
import { AttachmentFiles } from './attachment-files.js';
import { Store } from './store.js';

const first = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const second = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const source = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc';
const fork = 'dddddddd-dddd-4ddd-8ddd-dddddddddddd';

const chunks = ['first chunk, ', 'second chunk, ', 'last chunk'].map((text) => Buffer.from(text));
const bytes = Buffer.concat(chunks);
const described = (id: string): Attachment => ({
  id,
  name: `${id.slice(0, 4)}.txt`,
  mime: 'text/plain',
  size: bytes.length,
});

/** Each step's promise: once acknowledged, this session holds this file, whole. */
const promises = [
  { session: source, id: first },
  { session: fork, id: first },
  { session: source, id: second },
];

/** What a reboot finds wrong with the attachments `image` holds. */
async function judge(image: CrashImage, dir: string): Promise<string[]> {
  await materialize(image, dir);
  const attachments = new AttachmentFiles(path.join(dir, 'attachments'));
  const problems: string[] = [];
  for (const [index, { session, id }] of promises.entries()) {
    const meta = await attachments.readMeta(session, id);
    const promised = index < image.acknowledged;
    if (promised && meta === null) problems.push(`${session}/${id} is not found`);
    if (meta === null) continue;
    // A file that can be found is whole, acknowledged or not.
    const held = await attachments.readBytes(session, id).catch(() => null);
    if (!held?.equals(bytes)) problems.push(`${session}/${id} holds ${String(held)}`);
    if (JSON.stringify(meta) !== JSON.stringify(described(id))) {
      problems.push(`${session}/${id} is described as ${JSON.stringify(meta)}`);
    }
  }
  return problems;
}

describe('crash simulator: attachments', () => {
  after(removeDataDirs);

  test('a power cut at any step keeps every acknowledged upload and copy, and only whole', async () => {
    const root = await dataDir();
    const live = path.join(root, 'live');
    const files = new CrashFiles(live);
    const store = await Store.open({ dataDir: live, log: () => undefined, files });
    const upload = async (session: string, id: string) => {
      await store.attachments.write(session, id, Readable.from(chunks), new PassThrough());
      await store.attachments.saveMeta(session, described(id));
    };
    await upload(source, first);
    files.acknowledge();
    await store.attachments.copy(source, fork, described(first));
    files.acknowledge();
    await upload(source, second);
    files.acknowledge();
    await store.close();

    const problems: string[] = [];
    for (const [index, image] of files.images.entries()) {
      const found = await judge(image, path.join(root, `crash-${index}`));
      const where = `step ${image.step}, ${image.acknowledged} acknowledged, entries ${image.mode.entries}, data ${image.mode.data}`;
      problems.push(...found.map((problem) => `${where}: ${problem}`));
    }
    assert.ok(files.images.length > 20, `only ${files.images.length} crash images`);
    assert.deepEqual(problems.slice(0, 5), []);
  });
});
