import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Backend, GroveEvent, ServerFrame } from '../../server/contract/index.js';
import {
  EventRecorder,
  makeRepo,
  removeDir,
  startTestServer,
  tempDir,
  type TestServer,
} from '../../server/test-support/harness.js';
import { startModelStub } from '../model-stub/index.js';
import type { ModelStub } from '../model-stub/index.js';
import { agentEnv } from '../support/agent-env.js';

const BIN_DIR = path.resolve(import.meta.dirname, '../../node_modules/.bin');

export interface ChatRig {
  stub: ModelStub;
  test: TestServer;
  events: EventRecorder;
  repo: string;
  worktreeId: string;
  model: string;
  /** The environment the server gives agent CLIs: the stub's, and node_modules/.bin on PATH. */
  agentEnv: Record<string, string>;
  /** Where the server runs the agent processes it keeps warm between turns (OpenCode's server). */
  warmDir: string;
  createSession(body?: Record<string, unknown>): Promise<{ id: string }>;
  /** Start the server again over the same data dir (after `test.server.close()`). */
  restart(): Promise<{ api: TestServer['api']; events: EventRecorder }>;
  /** Send a message and wait for the run's terminal event. */
  converse(sessionId: string, content: string, timeoutMs?: number): Promise<RunFrames>;
  close(): Promise<void>;
}

export interface RunFrames {
  runId: string;
  frames: GroveEvent[];
  terminal: GroveEvent;
}

/**
 * The real Grove server (port 0, temp data dir) whose agent CLIs are the real ones from
 * node_modules, talking to the scripted model stub, in a real git repository. `userEnv` is what
 * a user's own environment adds for the CLIs (their `OPENCODE_PERMISSION`, say).
 */
export async function startChatRig(
  backend: Backend,
  options: { warmIdleMs?: number; userEnv?: Record<string, string> } = {},
): Promise<ChatRig> {
  const root = await tempDir(`grove-chat-${backend}-`);
  const home = path.join(root, 'home');
  await mkdir(home, { recursive: true });
  const stub = await startModelStub();
  const { env, model } = agentEnv(backend, stub.url, home);
  const { userEnv, ...rest } = options;
  const serverOptions = {
    dataDir: path.join(root, 'data'),
    agentEnv: {
      ...env,
      ...userEnv,
      PATH: `${BIN_DIR}${path.delimiter}${process.env.PATH ?? ''}`,
    },
    ...rest,
  };
  let test = await startTestServer(serverOptions);
  await test.api.patch('/api/preferences', {
    default_backend: backend,
    default_models: { [backend]: model },
  });
  const repo = await makeRepo(root);
  const project = (await test.api.post('/api/projects', { path: repo })).body;
  const worktreeId = (await test.api.get(`/api/projects/${project.id}/worktrees`)).body[0]
    .id as string;
  let events = await EventRecorder.connect(test.server);

  return {
    stub,
    get test() {
      return test;
    },
    get events() {
      return events;
    },
    async restart() {
      events.close();
      test = await startTestServer(serverOptions);
      events = await EventRecorder.connect(test.server);
      return { api: test.api, events };
    },
    repo,
    worktreeId,
    model,
    agentEnv: serverOptions.agentEnv,
    warmDir: path.join(serverOptions.dataDir, 'agents'),
    async createSession(body = {}) {
      const response = await test.api.post(`/api/worktrees/${worktreeId}/sessions`, body);
      if (response.status !== 201)
        throw new Error(`create session: ${JSON.stringify(response.body)}`);
      return response.body;
    },
    async converse(sessionId, content, timeoutMs = 120_000) {
      const sent = await test.api.post(`/api/sessions/${sessionId}/messages`, { content });
      if (sent.status !== 202 || !sent.body.run_id)
        throw new Error(`send: ${JSON.stringify(sent.body)}`);
      return waitForRun(events, sent.body.run_id, timeoutMs);
    },
    async close() {
      events.close();
      await test.close();
      await stub.close();
      await removeDir(root);
    },
  };
}

const TERMINAL = new Set(['run-completed', 'run-failed', 'run-cancelled']);

export async function waitForRun(
  events: EventRecorder,
  runId: string,
  timeoutMs = 120_000,
): Promise<RunFrames> {
  const ofRun = (frame: ServerFrame): frame is GroveEvent =>
    'run_id' in (frame.data as object) && (frame.data as { run_id: string }).run_id === runId;
  const terminal = (await events.waitFor(
    (frame) => ofRun(frame) && TERMINAL.has(frame.event),
    timeoutMs,
  )) as GroveEvent;
  return { runId, frames: events.frames.filter(ofRun), terminal };
}

/** The text the clients saw streamed for a run, in order. */
export function streamedText(
  frames: readonly GroveEvent[],
  kind: 'text' | 'thinking' = 'text',
): string {
  return frames
    .flatMap((frame) =>
      frame.event === 'message-delta' && frame.data.kind === kind ? [frame.data.text] : [],
    )
    .join('');
}

export type Requested = Extract<ServerFrame, { event: 'approval-requested' }>;

/** Matches the approval requests of one session. */
export const requestedBy =
  (sessionId: string) =>
  (frame: ServerFrame): frame is Requested =>
    frame.event === 'approval-requested' && frame.data.session_id === sessionId;
