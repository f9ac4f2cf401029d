import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { materialize, type CrashImage } from '../test-support/crash-disk.js';
import { CrashFiles } from '../test-support/crash-files.js';
import {
  canonical,
  catalogState,
  ids,
  runScenario,
  type Histories,
  type StateHistory,
} from '../test-support/crash-scenario.js';
import { dataDir, removeDataDirs } from '../test-support/store-fixture.js';
import { Store } from './store.js';

/** Reopen the store on what a power cut left and list every broken promise. */
async function judge(image: CrashImage, dir: string, histories: Histories): Promise<string[]> {
  await materialize(image, dir);
  const problems: string[] = [];
  const expectOneOf = (what: string, actual: string, history: StateHistory) => {
    const allowed = history.allowedAfter(image.acknowledged);
    if (!allowed.includes(actual)) {
      problems.push(`${what} is ${actual}; allowed: ${allowed.join(' | ')}`);
    }
  };
  let store: Store;
  try {
    store = await Store.open({ dataDir: dir, log: () => undefined });
  } catch (error) {
    return [`the store did not open: ${String(error)}`];
  }
  try {
    expectOneOf('the catalog', catalogState(store), histories.catalog);
    if (store.worktrees.some((worktree) => worktree.id === ids.worktreeId)) {
      expectOneOf('the sessions', canonical(store.sessionsOf(ids.worktreeId)), histories.sessions);
    }
    const messages = await store.readMessages(ids.sessionId);
    expectOneOf('the transcript', canonical(messages.map((m) => m.id)), histories.transcript);
  } finally {
    await store.close();
  }
  if (image.atAcknowledgement) {
    checkBackup(image, 'catalog.json.bak', histories.catalog, problems, (data) =>
      catalogState(data as Store),
    );
    // A shard's snapshot, and so its backup, is only written when its log is compacted.
    const shardBackup = `sessions/${ids.worktreeId}.json.bak`;
    if (image.files.has(shardBackup)) {
      checkBackup(image, shardBackup, histories.sessions, problems, (data) =>
        canonical((data as { sessions: unknown }).sessions),
      );
    }
  }
  return problems;
}

/** Once two versions were acknowledged, the backup is a whole one of them. */
function checkBackup(
  image: CrashImage,
  name: string,
  history: StateHistory,
  problems: string[],
  state: (data: unknown) => string,
): void {
  if (history.promisedCount(image.acknowledged) < 2) return;
  const backup = image.files.get(name);
  if (!backup) return void problems.push(`${name} is missing`);
  try {
    const actual = state(JSON.parse(backup.toString('utf8')));
    if (!history.states.includes(actual)) problems.push(`${name} holds ${actual}`);
  } catch (error) {
    problems.push(`${name} is damaged: ${String(error)}`);
  }
}

/** `compactEveryWrite`: fold each shard's log into its snapshot after every write. */
async function crashEverywhere(options: { refuseLinks: boolean; compactEveryWrite: boolean }) {
  const root = await dataDir();
  const live = path.join(root, 'live');
  const files = new CrashFiles(live, options);
  const store = await Store.open({
    dataDir: live,
    log: () => undefined,
    files,
    ...(options.compactEveryWrite ? { shardCompactBytes: 1 } : {}),
  });
  const histories = await runScenario(store, files);
  await store.close();

  const images = files.images;
  const problems: string[] = [];
  for (const [index, image] of images.entries()) {
    const found = await judge(image, path.join(root, `crash-${index}`), histories);
    const where = `step ${image.step}, ${image.acknowledged} acknowledged, entries ${image.mode.entries}, data ${image.mode.data}`;
    problems.push(...found.map((problem) => `${where}: ${problem}`));
  }
  const compacted = images.some((image) => image.files.has(`sessions/${ids.worktreeId}.json.bak`));
  return { images, problems, compacted };
}

describe('crash simulator: a power cut at any step keeps what was acknowledged, and only whole', () => {
  after(removeDataDirs);

  test('catalog writes, session shard logs, transcript appends and backups', async () => {
    const { images, problems } = await crashEverywhere({
      refuseLinks: false,
      compactEveryWrite: false,
    });
    assert.ok(images.length > 50, `only ${images.length} crash images`);
    assert.deepEqual(problems.slice(0, 5), []);
  });

  test('the same with each session shard compacted after every write', async () => {
    const { images, problems, compacted } = await crashEverywhere({
      refuseLinks: false,
      compactEveryWrite: true,
    });
    assert.ok(compacted, 'no crash image holds a compacted shard');
    assert.ok(images.length > 50, `only ${images.length} crash images`);
    assert.deepEqual(problems.slice(0, 5), []);
  });

  test('the same where hard links are refused and backups are copies', async () => {
    const { images, problems, compacted } = await crashEverywhere({
      refuseLinks: true,
      compactEveryWrite: true,
    });
    assert.ok(compacted, 'no crash image holds a compacted shard');
    assert.ok(images.length > 50, `only ${images.length} crash images`);
    assert.deepEqual(problems.slice(0, 5), []);
  });
});
