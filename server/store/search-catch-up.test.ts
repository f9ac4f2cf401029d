// A crash can take the search index log's last lines (it is not fsynced; the transcripts are):
// a load that finds no mark of a clean close brings back, from the transcripts, what they held.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { removeDir, tempDir } from '../test-support/harness.js';
import {
  addSession,
  found,
  storeWithSession,
  textMessage,
} from '../test-support/search-fixture.js';
import { Store } from './store.js';

describe('search index: what a crash took from the log', () => {
  const dirs: string[] = [];
  after(() => Promise.all(dirs.map(removeDir)));
  const newDir = async () => {
    const dataDir = await tempDir('grove-search-catch-up-');
    dirs.push(dataDir);
    return dataDir;
  };
  const logOf = (dataDir: string) => path.join(dataDir, 'search-index.jsonl');
  const markOf = (dataDir: string) => path.join(dataDir, 'search-index.clean');

  /** Keep the log's first `kept` lines. */
  const cutLog = async (dataDir: string, kept: number) => {
    const lines = (await readFile(logOf(dataDir), 'utf8')).split('\n').filter(Boolean);
    assert.ok(lines.length > kept, `the log holds ${lines.length} lines`);
    await writeFile(logOf(dataDir), `${lines.slice(0, kept).join('\n')}\n`);
  };
  /** As a crash leaves it: the log's last lines gone, and no mark of a clean close. */
  const crashWithLogCutTo = async (dataDir: string, kept: number) => {
    await cutLog(dataDir, kept);
    await rm(markOf(dataDir));
  };
  const reopen = async (dataDir: string) => {
    const logs: string[] = [];
    const store = await Store.open({ dataDir, log: (line) => logs.push(line) });
    store.loadSearchIndex();
    return { store, logs };
  };

  test('messages whose lines were lost are found again, once, and stay after a restart', async () => {
    const dataDir = await newDir();
    const { store } = await storeWithSession(dataDir, ['kappa one', 'kappa two', 'kappa three']);
    await store.close();
    await crashWithLogCutTo(dataDir, 1);

    const { store: reopened, logs } = await reopen(dataDir);
    assert.deepEqual(await found(reopened, 'kappa'), ['kappa three', 'kappa two', 'kappa one']);
    assert.equal(logs.filter((line) => /had lost 2 change/.test(line)).length, 1, logs.join('\n'));
    await reopened.close();
    const { store: again, logs: quiet } = await reopen(dataDir);
    assert.deepEqual(await found(again, 'kappa'), ['kappa three', 'kappa two', 'kappa one']);
    assert.deepEqual(
      quiet.filter((line) => /search index/.test(line)),
      [],
      'caught up once',
    );
    await again.close();
  });

  test('a message taken back whose removal was lost is taken back again', async () => {
    const dataDir = await newDir();
    const { store, sessionId } = await storeWithSession(dataDir, ['lambda one']);
    const dropped = textMessage(sessionId, 'lambda dropped', 2);
    await store.appendMessage(dropped);
    await store.retractMessage(dropped);
    await store.appendMessage(textMessage(sessionId, 'lambda three', 3));
    await store.close();
    // Lost: the removal and the third message.
    await crashWithLogCutTo(dataDir, 2);

    const { store: reopened } = await reopen(dataDir);
    assert.deepEqual(await found(reopened, 'lambda'), ['lambda three', 'lambda one']);
    await reopened.close();
  });

  test('a session whose lines were all lost is found again', async () => {
    const dataDir = await newDir();
    const first = await storeWithSession(dataDir, ['mu elsewhere']);
    await first.store.close();
    const { store: second } = await reopen(dataDir);
    await addSession(second, ['mu one', 'mu two']);
    await second.close();
    await crashWithLogCutTo(dataDir, 1);

    const { store: reopened } = await reopen(dataDir);
    assert.deepEqual(await found(reopened, 'mu '), ['mu two', 'mu one', 'mu elsewhere']);
    await reopened.close();
  });

  test('a message appended before the load does not hide what the crash took', async () => {
    const dataDir = await newDir();
    const { store, sessionId } = await storeWithSession(dataDir, ['nu one', 'nu two', 'nu three']);
    await store.close();
    await crashWithLogCutTo(dataDir, 1);

    // As a queued message resumed at start is: appended before the index is read.
    const reopened = await Store.open({ dataDir, log: () => undefined });
    await reopened.appendMessage(textMessage(sessionId, 'nu four', 4));
    assert.equal((await readFile(logOf(dataDir), 'utf8')).split('\n').filter(Boolean).length, 1);
    reopened.loadSearchIndex();
    assert.deepEqual(await found(reopened, 'nu '), ['nu four', 'nu three', 'nu two', 'nu one']);
    await reopened.close();
  });

  test('a clean close is trusted; a mark that does not fit the log is not', async () => {
    const dataDir = await newDir();
    const { store, sessionId } = await storeWithSession(dataDir, ['xi one']);
    await store.close();
    // The clean close marked the log's length.
    const logBytes = String((await stat(logOf(dataDir))).size);
    assert.equal(await readFile(markOf(dataDir), 'utf8'), logBytes);
    // Written behind Grove's back: with the log marked whole, no transcript is read.
    const transcript = path.join(dataDir, 'transcripts', `${sessionId}.jsonl`);
    const unseen = textMessage(sessionId, 'xi unseen', 2);
    await writeFile(transcript, `${JSON.stringify(unseen)}\n`, { flag: 'a' });
    const trusted = (await reopen(dataDir)).store;
    assert.deepEqual(await found(trusted, 'xi '), ['xi one']);
    await trusted.close();

    const opened = await Store.open({ dataDir, log: () => undefined });
    // Gone before anything is written: a crash before the next clean close leaves no mark.
    assert.equal(existsSync(markOf(dataDir)), false);
    await opened.close();
    assert.equal(existsSync(markOf(dataDir)), false, 'a store that never read its log marks none');

    // A mark that does not give the log's length: compared with the transcripts again.
    await writeFile(markOf(dataDir), '999999');
    const checked = (await reopen(dataDir)).store;
    assert.deepEqual(await found(checked, 'xi '), ['xi unseen', 'xi one']);
    await checked.close();
  });
});
