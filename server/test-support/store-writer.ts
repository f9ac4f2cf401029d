// Child process for the crash-safety test: opens the store in the data dir given as argv[2] and
// writes without pause, printing "<kind> <id>" on stdout only after each write is acknowledged
// (its promise resolved). The parent kills it with SIGKILL somewhere in the middle.
import { randomUUID } from 'node:crypto';
import { DEFAULT_PREFERENCES, type Message, type Project } from '../contract/index.js';
import { Store } from '../store/store.js';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: store-writer.ts <data-dir>');

const store = await Store.open({ dataDir, log: (line) => process.stderr.write(`${line}\n`) });
const transcriptSession = randomUUID();
process.stdout.write(`ready ${transcriptSession}\n`);

function project(id: string): Project {
  const now = Math.floor(Date.now() / 1000);
  return {
    id,
    name: `project ${id}`,
    // Padding makes each catalog write bigger, so a kill is likelier to land inside one.
    path: `/nowhere/${id}/${'x'.repeat(1500)}`,
    created_at: now,
    updated_at: now,
    defaults: {
      backend: null,
      models: { claude: null, codex: null, opencode: null },
      thinking_level: null,
    },
  };
}

function message(id: string): Message {
  return {
    id,
    session_id: transcriptSession,
    role: 'user',
    created_at: Math.floor(Date.now() / 1000),
    run_id: null,
    parts: [{ type: 'text', text: `message ${id} ${'y'.repeat(2000)}` }],
    status: 'complete',
  };
}

/** Several lanes in flight at once, so commits overlap and coalesce as they do in the server. */
async function catalogLane(): Promise<never> {
  for (;;) {
    const id = randomUUID();
    await store.updateCatalog((catalog) => {
      catalog.projects.push(project(id));
      catalog.preferences = { ...DEFAULT_PREFERENCES, worktrees_dir: `/w/${id}` };
    });
    process.stdout.write(`project ${id}\n`);
  }
}

async function transcriptLane(): Promise<never> {
  for (;;) {
    const id = randomUUID();
    await store.appendMessage(message(id));
    process.stdout.write(`message ${id}\n`);
  }
}

await Promise.all([catalogLane(), catalogLane(), catalogLane(), transcriptLane()]);
