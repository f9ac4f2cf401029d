// A crash can take the search index log's last lines (it is not fsynced; the transcripts are):
// the next load brings back, from the transcripts written since, what those lines held.
import assert from 'node:assert/strict';
import { readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { removeDir, tempDir } from '../test-support/harness.js';
import {
  addSession,
  found,
  storeWithSession,
  textMessage,
} from '../test-support/search-fixture.js';
import { TranscriptFile } from './transcript.js';
import { transcriptTexts } from './transcript-texts.js';
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

  /** Keep the log's first `kept` lines, dated before the transcripts, as a crash leaves it. */
  const loseLogTail = async (dataDir: string, kept: number) => {
    const lines = (await readFile(logOf(dataDir), 'utf8')).split('\n').filter(Boolean);
    assert.ok(lines.length > kept, `the log holds ${lines.length} lines`);
    await writeFile(logOf(dataDir), `${lines.slice(0, kept).join('\n')}\n`);
    const before = new Date(Date.now() - 60_000);
    await utimes(logOf(dataDir), before, before);
  };
  const reopen = async (dataDir: string) => {
    const logs: string[] = [];
    const store = await Store.open({ dataDir, log: (line) => logs.push(line) });
    return { store, logs };
  };

  test('messages whose lines were lost are found again, once, and stay after a restart', async () => {
    const dataDir = await newDir();
    const { store } = await storeWithSession(dataDir, ['kappa one', 'kappa two', 'kappa three']);
    await store.close();
    await loseLogTail(dataDir, 1);

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
    await loseLogTail(dataDir, 2);

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
    await loseLogTail(dataDir, 1);

    const { store: reopened } = await reopen(dataDir);
    assert.deepEqual(await found(reopened, 'mu '), ['mu two', 'mu one', 'mu elsewhere']);
    await reopened.close();
  });

  test('only transcripts written at or after the log are read again', async () => {
    const dataDir = await newDir();
    const { store } = await reopen(dataDir);
    const older = await addSession(store, ['xi older']);
    const newer = await addSession(store, ['xi newer', '']);
    const transcripts = transcriptTexts(
      () => store.allSessions(),
      (sessionId) =>
        new TranscriptFile(
          path.join(dataDir, 'transcripts', `${sessionId}.jsonl`),
          () => undefined,
        ),
    );
    const logTime = Date.now() - 30_000;
    const before = new Date(logTime - 30_000);
    await utimes(path.join(dataDir, 'transcripts', `${older.sessionId}.jsonl`), before, before);
    const changed = [];
    for await (const session of transcripts.changedSince(logTime)) changed.push(session);
    assert.deepEqual(
      changed.map((session) => [session.sessionId, session.texts.map((doc) => doc.text)]),
      [[newer.sessionId, ['xi newer']]],
      'the newer one, with its messages that have text',
    );
    await store.close();
  });
});
