// Start-up and memory at a heavy user's scale: spawn to listening, the server's own RSS, and the
// search index the server reads in the background once it listens.
import { performance } from 'node:perf_hooks';
import type { ApiClient } from '../../server/test-support/harness.js';
import type { ServerProcess } from './server-process.js';
import type { Figure } from './table.js';

export interface StartScale {
  sessions: number;
  messages: number;
  messagesEach: number;
}

export async function benchStartAndMemory(
  grove: ServerProcess,
  api: ApiClient,
  empty: { readyMs: number; rssMb: number },
  seeded: readonly string[],
  scale: StartScale,
  add: (figure: Figure) => void,
): Promise<void> {
  const listeningAt = performance.now();
  add({
    name: `start with ${scale.sessions} sessions, ${scale.messages.toLocaleString('en')} messages (all indexed): spawn to listening`,
    value: grove.readyMs,
    unit: 'ms',
    reference: `empty data dir ${empty.readyMs} ms (node start-up); data cost ${grove.readyMs - empty.readyMs} ms`,
    target: '< 1000 ms',
    met: grove.readyMs < 1000,
  });
  const afterStart = await grove.rssMb();
  add({
    name: 'server RSS after start (search index being read in the background)',
    value: afterStart,
    unit: 'MB',
    reference: `empty data dir ${empty.rssMb.toFixed(0)} MB`,
    target: '< 150 MB',
    met: afterStart < 150,
  });
  for (const id of seeded.slice(0, 100)) await api.get(`/api/sessions/${id}`);
  const afterOpen = await grove.rssMb();
  add({
    name: `server RSS after opening 100 sessions (${scale.messagesEach} messages each)`,
    value: afterOpen,
    unit: 'MB',
    target: '< 150 MB',
    met: afterOpen < 150,
  });
  // A search waits for the index: its answer says when the background read was done.
  const search = await api.get('/api/search?q=Message%2042:&limit=5');
  if (search.status !== 200) throw new Error(JSON.stringify(search.body));
  const indexedMs = performance.now() - listeningAt;
  const withIndex = await grove.rssMb();
  add({
    name: `search index of ${scale.messages.toLocaleString('en')} messages read in the background: first search answered`,
    value: Math.round(indexedMs),
    unit: 'ms after listening',
    reference: `server RSS with the index in memory ${withIndex.toFixed(0)} MB`,
    target: 'RSS < 150 MB',
    met: withIndex < 150,
  });
}
