import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import type { Message } from '../contract/index.js';
import { removeDir, tempDir } from '../test-support/harness.js';
import { TranscriptFile } from './transcript.js';

const session = crypto.randomUUID();

function message(text: string): Message {
  return {
    id: crypto.randomUUID(),
    session_id: session,
    role: 'assistant',
    created_at: 1_700_000_000,
    run_id: null,
    parts: [{ type: 'text', text }],
    status: 'complete',
  };
}

describe('transcript files (JSONL, append-only)', () => {
  const dirs: string[] = [];
  after(async () => {
    await Promise.all(dirs.map(removeDir));
  });
  async function transcript(): Promise<{ file: TranscriptFile; logs: string[] }> {
    const dir = await tempDir('grove-transcript-');
    dirs.push(dir);
    const logs: string[] = [];
    return {
      file: new TranscriptFile(path.join(dir, `${session}.jsonl`), (line) => logs.push(line)),
      logs,
    };
  }

  test('appends one line per message and reads them back in order; a missing file is empty', async () => {
    const { file } = await transcript();
    assert.deepEqual(await file.readAll(), []);
    const messages = [message('one'), message('two\nwith a newline'), message('three')];
    for (const item of messages) await file.append(item);
    assert.deepEqual(await file.readAll(), messages);
    assert.equal((await readFile(file.file, 'utf8')).split('\n').length, 4);
    assert.equal((await stat(file.file)).mode & 0o777, 0o600);
  });

  test('remove deletes the file, and a session that never had one removes cleanly too', async () => {
    const { file } = await transcript();
    await file.remove();
    await file.append(message('one'));
    await file.remove();
    assert.equal(existsSync(file.file), false);
    assert.deepEqual(await file.readAll(), []);
  });

  test('a torn last line (a crash mid-append) is dropped: earlier messages read, file truncated to them', async () => {
    const { file, logs } = await transcript();
    const messages = [message('kept 1'), message('kept 2')];
    for (const item of messages) await file.append(item);
    const whole = await readFile(file.file);
    const torn = JSON.stringify(message('cut short')).slice(0, 37);
    await appendFile(file.file, torn);

    assert.deepEqual(await file.readAll(), messages);
    assert.deepEqual(await readFile(file.file), whole, 'truncated back to the last whole line');
    assert.ok(
      logs.some((line) => line.includes(`${Buffer.byteLength(torn)} unreadable bytes`)),
      logs.join('\n'),
    );

    // Appending afterwards continues cleanly.
    const next = message('after the crash');
    await file.append(next);
    assert.deepEqual(await file.readAll(), [...messages, next]);
  });

  test('an unreadable line in the middle is skipped with a log line, the rest is read', async () => {
    const { file, logs } = await transcript();
    const first = message('first');
    const last = message('last');
    await writeFile(
      file.file,
      `${JSON.stringify(first)}\n{"not":"a message"}\nnot json at all\n${JSON.stringify(last)}\n`,
    );
    assert.deepEqual(await file.readAll(), [first, last]);
    assert.equal(logs.filter((line) => line.includes('skipped an unreadable line')).length, 2);
  });

  test('a read while a large append is in flight never cuts that append', async () => {
    const { file } = await transcript();
    const small = message('small');
    await file.append(small);
    const big = message('z'.repeat(3 * 1024 * 1024)); // written by node in several chunks
    const reads: Promise<Message[]>[] = [];
    const appending = file.append(big);
    for (let i = 0; i < 5; i++) reads.push(file.readAll());
    await appending;
    for (const seen of await Promise.all(reads)) {
      assert.ok(seen.length >= 1 && seen[0]?.id === small.id);
    }
    const all = await file.readAll();
    assert.deepEqual(
      all.map((item) => item.id),
      [small.id, big.id],
    );
  });
});
