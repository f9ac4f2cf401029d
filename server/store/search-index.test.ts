// The message search index: kept current by appends, retractions and deletions, saved beside the
// transcripts, and rebuilt from them when its file is missing.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import type { Message } from '../contract/index.js';
import { removeDir, tempDir } from '../test-support/harness.js';
import {
  everySession,
  found,
  sessionRecord,
  storeWithSession,
  textMessage,
  worktreeRecord,
} from '../test-support/search-fixture.js';
import { SearchIndexFile } from './search-index-file.js';
import { Store } from './store.js';

async function* noTranscripts() {}

describe('message search index', () => {
  const dirs: string[] = [];
  after(() => Promise.all(dirs.map(removeDir)));
  /** An index read from a log holding `lines`, as appends leave it. */
  const indexOfLog = async (lines: string[]) => {
    const dataDir = await tempDir('grove-search-');
    dirs.push(dataDir);
    const file = path.join(dataDir, 'search-index.jsonl');
    await writeFile(file, `${lines.join('\n')}\n`);
    return new SearchIndexFile(file, () => undefined, noTranscripts);
  };
  const open = async (dir?: string) => {
    const dataDir = dir ?? (await tempDir('grove-search-'));
    if (!dir) dirs.push(dataDir);
    const store = await Store.open({ dataDir, log: () => undefined });
    // As the server does once it listens.
    store.loadSearchIndex();
    return { store, dataDir };
  };

  test('finds any case of any substring, newest first, once per message, with its position', async () => {
    const { store } = await open();
    const session = randomUUID();
    await store.appendMessage(textMessage(session, 'The Parser fails on parser input', 1));
    await store.appendMessage(textMessage(session, 'nothing here', 2));
    await store.appendMessage(textMessage(session, 'fixed parseConfig()', 3));
    const hits = await store.searchMessages('PARSE', 10, everySession);
    assert.deepEqual(
      hits.map((hit) => [hit.text, hit.start, hit.end]),
      [
        ['fixed parseConfig()', 6, 11],
        ['The Parser fails on parser input', 4, 9],
      ],
    );
    assert.deepEqual(await found(store, 'thoughts'), [], 'thinking is not searched');
    // The scan looks for the tail from the rarest character ("g"), then checks the head.
    assert.deepEqual(await found(store, 'config('), ['fixed parseConfig()']);
    assert.deepEqual(await found(store, 'x config'), []);
    await store.appendMessage(textMessage(session, 'İstanbul parser', 4));
    const [turkish] = await store.searchMessages('parser', 1, everySession);
    assert.deepEqual([turkish?.start, turkish?.end], [0, 0], 'offsets moved by lowercasing');
    assert.deepEqual(await found(store, 'input\u0000fixed'), [], 'no match spans two messages');
    assert.equal((await store.searchMessages('parse', 1, everySession)).length, 1, 'limit applies');
    assert.deepEqual(
      await store.searchMessages('parse', 10, (id) => id !== session),
      [],
      'the filter applies',
    );
    await store.close();
  });

  test('keeps up with retractions and deleted sessions, across a restart', async () => {
    const { store, dataDir } = await open();
    const [kept, dropped] = [randomUUID(), randomUUID()];
    await store.appendMessage(textMessage(kept, 'alpha kept', 1));
    const retracted = textMessage(kept, 'alpha retracted', 2);
    await store.appendMessage(retracted);
    await store.retractMessage(retracted);
    await store.appendMessage(textMessage(dropped, 'alpha dropped', 3));
    await store.deleteTranscript(dropped);
    assert.deepEqual(await found(store, 'alpha'), ['alpha kept']);
    await store.close();

    const reopened = (await open(dataDir)).store;
    assert.deepEqual(await found(reopened, 'alpha'), ['alpha kept']);
    await reopened.appendMessage(textMessage(kept, 'alpha later', 4));
    assert.deepEqual(await found(reopened, 'alpha'), ['alpha later', 'alpha kept']);
    await reopened.close();
  });

  test('the index is read in the background: changes made meanwhile count, a search waits', async () => {
    const { store, dataDir } = await open();
    const session = randomUUID();
    await store.appendMessage(textMessage(session, 'gamma before', 1));
    await store.close();

    const reopened = (await open(dataDir)).store;
    const taken = textMessage(session, 'gamma taken back', 2);
    await reopened.appendMessage(taken);
    await reopened.retractMessage(taken);
    await reopened.appendMessage(textMessage(session, 'gamma during', 3));
    assert.deepEqual(await found(reopened, 'gamma'), ['gamma during', 'gamma before']);
    await reopened.close();
    const again = (await open(dataDir)).store;
    assert.deepEqual(await found(again, 'gamma'), ['gamma during', 'gamma before']);
    await again.close();
  });

  test('the chunk filter never hides a match; any case and any script still match', async () => {
    const lines: string[] = [];
    for (let n = 0; n < 10_000; n += 1) {
      const text = n === 7 ? 'Größe der Ünicode-Zeile' : `Line ${n} of the log`;
      lines.push(JSON.stringify(['a', `s${n % 3}`, `m${n}`, n, text]));
    }
    const index = await indexOfLog(lines);
    const texts = async (query: string, limit = 10) =>
      (await index.search(query, limit, () => true)).map((hit) => hit.text);
    assert.deepEqual(await texts('LINE 12 OF'), ['Line 12 of the log']);
    assert.deepEqual(await texts('größe DER ü'), ['Größe der Ünicode-Zeile']);
    assert.deepEqual(await texts('line 9999'), ['Line 9999 of the log']);
    assert.deepEqual(await texts('no such pair zq'), []);
    assert.equal((await texts('of the', 5000)).length, 5000);
  });

  test('a missing index file is rebuilt from the transcripts of every session, in time order', async () => {
    const { store, dataDir } = await open();
    const worktreeId = randomUUID();
    const sessionIds = [randomUUID(), randomUUID()];
    await store.updateSessions(worktreeId, (sessions) => {
      for (const id of sessionIds) sessions.push(sessionRecord(id, worktreeId));
    });
    await store.appendMessage(textMessage(sessionIds[0] as string, 'beta first', 1));
    await store.appendMessage(textMessage(sessionIds[1] as string, 'beta second', 2));
    await store.appendMessage(textMessage(sessionIds[0] as string, 'beta third', 3));
    await store.updateCatalog((catalog) => {
      catalog.worktrees.push(worktreeRecord(worktreeId));
    });
    await store.close();
    await rm(path.join(dataDir, 'search-index.jsonl'));

    const reopened = (await open(dataDir)).store;
    assert.deepEqual(await found(reopened, 'beta'), ['beta third', 'beta second', 'beta first']);
    await reopened.close();
  });

  const storeWithOne = async (texts: string[]) => {
    const dataDir = await tempDir('grove-search-');
    dirs.push(dataDir);
    return { ...(await storeWithSession(dataDir, texts)), dataDir };
  };

  test('a session of 200,000 messages is rebuilt whole', async () => {
    const dataDir = await tempDir('grove-search-');
    dirs.push(dataDir);
    const sessionId = randomUUID();
    const count = 200_000;
    // More texts than a call takes arguments: the rebuild must not spread them into one.
    async function* oneLongSession() {
      const texts = Array.from({ length: count }, (_, at) => ({
        sessionId,
        messageId: randomUUID(),
        createdAt: at + 1,
        text: at === count - 1 ? 'the needle' : `line ${at}`,
      }));
      yield { sessionId, texts };
    }
    const index = new SearchIndexFile(
      path.join(dataDir, 'search-index.jsonl'),
      () => undefined,
      oneLongSession,
    );
    const hits = await index.search('needle', 10, everySession);
    assert.deepEqual(
      hits.map((hit) => hit.text),
      ['the needle'],
    );
    assert.equal((await index.load()).index.count, count);
    await index.close();
  });

  test('a log torn by a crash mid-append is rebuilt from the transcripts', async () => {
    const { store, dataDir } = await storeWithOne(['epsilon one', 'epsilon two']);
    await store.close();
    const log = path.join(dataDir, 'search-index.jsonl');
    const lines = (await readFile(log, 'utf8')).split('\n');
    // The second message's line cut short, as a crash during its append leaves it.
    await writeFile(log, `${lines[0] as string}\n${(lines[1] as string).slice(0, 20)}`);

    const reopened = (await open(dataDir)).store;
    assert.deepEqual(await found(reopened, 'epsilon'), ['epsilon two', 'epsilon one']);
    await reopened.close();
  });

  test('a message appended while the log is rebuilt from the transcripts counts once', async () => {
    const { store, dataDir, sessionId } = await storeWithOne(['theta one']);
    await store.close();
    await rm(path.join(dataDir, 'search-index.jsonl'));

    const reopened = (await open(dataDir)).store;
    // In the transcript by the time the rebuild reads it, and among the changes made meanwhile.
    await reopened.appendMessage(textMessage(sessionId, 'theta two', 2));
    assert.deepEqual(await found(reopened, 'theta'), ['theta two', 'theta one']);
    await reopened.close();
    const again = (await open(dataDir)).store;
    assert.deepEqual(await found(again, 'theta'), ['theta two', 'theta one']);
    await again.close();
  });

  test('once the index is loaded, a message taken back is gone and only that one', async () => {
    const { store, sessionId } = await storeWithOne(['iota kept']);
    assert.deepEqual(await found(store, 'iota'), ['iota kept']);
    const retracted = textMessage(sessionId, 'iota retracted', 2);
    await store.appendMessage(retracted);
    await store.retractMessage(retracted);
    // No text, so never indexed: taking it back leaves the session's newest indexed message.
    const silent: Message = { ...textMessage(sessionId, '', 3), parts: [] };
    await store.appendMessage(silent);
    await store.retractMessage(silent);
    assert.deepEqual(await found(store, 'iota'), ['iota kept']);
    await store.close();
  });

  test('a failed write drops the index, and the next search rebuilds it from the transcripts', async () => {
    const { store, dataDir, sessionId } = await storeWithOne(['zeta one']);
    assert.deepEqual(await found(store, 'zeta'), ['zeta one']);
    // The log gone from under the loaded index: the next append to it fails.
    await rm(path.join(dataDir, 'search-index.jsonl'));
    await store.appendMessage(textMessage(sessionId, 'zeta two', 2));
    await store.appendMessage(textMessage(sessionId, 'zeta three', 3));
    assert.deepEqual(await found(store, 'zeta'), ['zeta three', 'zeta two', 'zeta one']);
    await store.close();
  });

  test('a message repeated in the log counts once, and once taken back it may come again', async () => {
    const index = await indexOfLog([
      JSON.stringify(['a', 's1', 'm1', 1, 'eta first']),
      JSON.stringify(['a', 's1', 'm1', 1, 'eta first']),
      JSON.stringify(['a', 's1', 'm2', 2, 'eta second']),
      JSON.stringify(['r', 'm2']),
      JSON.stringify(['a', 's1', 'm2', 3, 'eta second again']),
    ]);
    const hits = await index.search('eta', 10, everySession);
    assert.deepEqual(
      hits.map((hit) => [hit.messageId, hit.text]),
      [
        ['m2', 'eta second again'],
        ['m1', 'eta first'],
      ],
    );
  });

  test('a search reads blocks longer than one read and finds matches across all of them', async () => {
    const lines: string[] = [];
    // About 1 KB each: three blocks, each longer than one read.
    for (let n = 0; n < 12_288; n += 1) {
      const text = `Entry ${n} ${'lorem ipsum '.repeat(90)}`;
      lines.push(JSON.stringify(['a', 's1', `m${n}`, n, text]));
    }
    const index = await indexOfLog(lines);
    const hits = await index.search('ENTRY 1', 20_000, everySession);
    const numbers = hits.map((hit) => Number(hit.messageId.slice(1)));
    const expected = [...Array(12_288).keys()].filter((n) => `${n}`.startsWith('1')).reverse();
    assert.deepEqual(numbers, expected);
    assert.deepEqual(
      hits.slice(0, 1).map((hit) => [hit.start, hit.end]),
      [[0, 7]],
    );
  });
});
