// Shared setup for the server/store/session-shard*.test.ts files: a shard in a temp data dir
// that records its log lines, and session records with their own ids.
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Session } from '../contract/index.js';
import { realFiles, type FileLayer } from '../store/file-layer.js';
import { DEFAULT_COMPACT_BYTES, logPath, SessionShard } from '../store/session-shard.js';
import { session as sessionRecord } from './crash-scenario.js';
import { dataDir } from './store-fixture.js';

export const named = (name: string): Session => ({ ...sessionRecord(name), id: randomUUID() });
export const names = (sessions: readonly Session[]) => sessions.map((session) => session.name);

/** `file`: the snapshot's path (a fresh data dir's `shard.json` unless given). */
export async function openShard(options: {
  compactBytes?: number;
  files?: FileLayer;
  file?: string;
}) {
  const file = options.file ?? path.join(await dataDir(), 'shard.json');
  const logs: string[] = [];
  const open = () =>
    SessionShard.open({
      file,
      migrations: [],
      log: (line) => logs.push(line),
      files: options.files ?? realFiles,
      compactBytes: options.compactBytes ?? DEFAULT_COMPACT_BYTES,
    });
  return { shard: await open(), reopen: open, file, logs };
}

export const logSize = (file: string) => stat(logPath(file)).then((info) => info.size);
