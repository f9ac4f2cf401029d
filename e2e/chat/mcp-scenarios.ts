import assert from 'node:assert/strict';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Backend, GroveEvent } from '../../server/contract/index.js';
import type { Turn } from '../model-stub/index.js';
import {
  requestedBy,
  startChatRig,
  waitForRun,
  type ChatRig,
  type Requested,
} from './chat-harness.js';

const ECHO_SERVER = path.resolve(import.meta.dirname, '../mcp/echo-server.mjs');
const SECRET = 'grove-mcp-secret-4f1c9a';

/** Every process's command line on the machine, as another local user could read it. */
async function allCommandLines(): Promise<string> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  const lines = await Promise.all(
    pids.map((pid) => readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')),
  );
  return lines.join('\n');
}

async function filesUnder(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const texts = await Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map((entry) => readFile(path.join(entry.parentPath, entry.name), 'utf8')),
  );
  return texts.join('\n');
}

/** The name a CLI offers the model for a server's tool (each CLI spells it its own way). */
function offeredToolName(rig: ChatRig, server: string, tool: string): string {
  const offered = rig.stub.mainRequests().flatMap((request) => request.tools);
  const name = offered.find(
    (item) => item.includes(server) && item.endsWith(tool) && item !== tool,
  );
  assert.ok(name, `no ${server} ${tool} tool among ${[...new Set(offered)].join(', ')}`);
  return name;
}

/**
 * Grove's MCP servers reach `backend`'s real CLI for a run: the model calls the echo server's
 * tool, the secret reaches the server, and nothing else (answers, events, logs, command lines,
 * the user's own config) ever holds it.
 */
export function defineMcpScenarios(backend: Backend, userConfig: (rig: ChatRig) => string): void {
  // Codex offers MCP tools only through its `tool_search` tool: the model searches first.
  const discover = (server: string): Turn[] =>
    backend === 'codex' ? [[{ toolSearch: server }]] : [];
  describe(`MCP servers reach the real ${backend} CLI`, { concurrency: false }, () => {
    let rig: ChatRig;
    before(async () => {
      rig = await startChatRig(backend);
    });
    after(async () => {
      await rig.close();
    });

    test('the model calls the echo tool; the secret reaches the server and nothing else', async () => {
      // The user's own config file for this CLI: Grove must never write it.
      const configFile = userConfig(rig);
      await mkdir(path.dirname(configFile), { recursive: true });
      const before = await readFile(configFile, 'utf8').catch(() => null);

      const created = await rig.test.api.post('/api/mcp/servers', {
        name: 'echo',
        transport: 'stdio',
        command: process.execPath,
        args: [ECHO_SERVER],
        env: { ECHO_TOKEN: { secret: SECRET } },
        tool_approval: 'allow',
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));

      let release = () => undefined as void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const session = await rig.createSession({ execution_mode: 'build' });
      // A first turn shows which name the CLI gives the server's tool.
      rig.stub.script('Which tools', [...discover('echo'), [{ text: 'Looked.' }]]);
      await rig.converse(session.id, 'Which tools');
      rig.stub.script('Echo through MCP', [
        ...discover('echo'),
        [{ tool: 'raw', name: offeredToolName(rig, 'echo', 'echo'), input: { text: 'hello' } }],
        [{ hold: held }, { text: 'Echo done.' }],
      ]);
      const sent = await rig.test.api.post(`/api/sessions/${session.id}/messages`, {
        content: 'Echo through MCP',
      });
      assert.equal(sent.status, 202);
      const result = (await rig.events.waitFor(
        (frame) =>
          frame.event === 'tool-result' &&
          frame.data.run_id === sent.body.run_id &&
          frame.data.output.includes('echo:'),
        240_000,
      )) as GroveEvent & { event: 'tool-result' };
      assert.match(result.data.output, /echo: hello; token=set/);
      assert.equal(result.data.is_error, false);

      // While the CLI and its MCP server are alive: no command line carries the secret.
      assert.ok(!(await allCommandLines()).includes(SECRET), 'a command line holds the secret');
      release();
      const run = await waitForRun(rig.events, sent.body.run_id as string);
      assert.equal(run.terminal.event, 'run-completed', JSON.stringify(run.terminal.data));

      const answers = [
        await rig.test.api.get('/api/mcp/servers'),
        await rig.test.api.get(`/api/sessions/${session.id}`),
        await rig.test.api.get(`/api/sessions/${session.id}/messages`),
        await rig.test.api.get(`/api/sessions/${session.id}/mcp`),
      ];
      const everything = [
        JSON.stringify(answers.map((answer) => answer.body)),
        JSON.stringify(rig.events.frames),
        await filesUnder(path.join(rig.test.dataDir, 'transcripts')),
      ].join('\n');
      assert.ok(!everything.includes(SECRET), 'the secret leaked into an answer, event or log');
      const after = await readFile(configFile, 'utf8').catch(() => null);
      assert.ok(
        !(after ?? '').includes('echo-server'),
        "Grove's server went into the user's config",
      );
      assert.ok(!(after ?? '').includes('disabledMcpServers'), 'a server was switched off there');
      // Claude itself keeps bookkeeping in its file on every start (first start, ids).
      if (backend !== 'claude') assert.equal(after, before, "the user's config is untouched");
    });

    test('a server marked "ask" waits for the approval before its tool runs', async () => {
      const created = await rig.test.api.post('/api/mcp/servers', {
        name: 'asker',
        transport: 'stdio',
        command: process.execPath,
        args: [ECHO_SERVER],
        tool_approval: 'ask',
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const session = await rig.createSession({ execution_mode: 'build' });
      rig.stub.script('Which asker tools', [...discover('asker'), [{ text: 'Looked.' }]]);
      await rig.converse(session.id, 'Which asker tools');
      rig.stub.script('Ask through MCP', [
        ...discover('asker'),
        [{ tool: 'raw', name: offeredToolName(rig, 'asker', 'echo'), input: { text: 'asked' } }],
        [{ text: 'Asked done.' }],
      ]);
      const sent = await rig.test.api.post(`/api/sessions/${session.id}/messages`, {
        content: 'Ask through MCP',
      });
      assert.equal(sent.status, 202);
      const requested = (await rig.events.waitFor(requestedBy(session.id), 240_000)) as Requested;
      const { approval } = requested.data;
      assert.match(approval.tool, /asker/);
      assert.ok(
        !rig.events.frames.some(
          (frame) => frame.event === 'tool-result' && frame.data.output.includes('echo: asked'),
        ),
        'the tool ran before it was allowed',
      );
      const answered = await rig.test.api.post(
        `/api/sessions/${session.id}/approvals/${approval.id}`,
        { decision: 'allow' },
      );
      assert.equal(answered.status, 200, JSON.stringify(answered.body));
      const run = await waitForRun(rig.events, sent.body.run_id as string);
      assert.equal(run.terminal.event, 'run-completed', JSON.stringify(run.terminal.data));
      const results = run.frames.filter((frame) => frame.event === 'tool-result');
      assert.ok(
        results.some((frame) => frame.data.output.includes('echo: asked; token=unset')),
        JSON.stringify(results.map((frame) => frame.data)),
      );
    });

    test("the session's MCP status names each server, with a failed one's error", async () => {
      const created = await rig.test.api.post('/api/mcp/servers', {
        name: 'broken',
        transport: 'stdio',
        command: '/nonexistent/mcp-server',
        args: [],
        tool_approval: 'allow',
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const session = await rig.createSession({ execution_mode: 'build' });
      rig.stub.script('Status please', [[{ text: 'Fine.' }]]);
      const run = await rig.converse(session.id, 'Status please');
      assert.equal(run.terminal.event, 'run-completed', JSON.stringify(run.terminal.data));
      const reported = new Map(
        rig.events.frames
          .flatMap((frame) =>
            frame.event === 'mcp-status-updated' && frame.data.session_id === session.id
              ? frame.data.servers
              : [],
          )
          .map((server) => [server.name, server]),
      );
      assert.equal(reported.get('echo')?.status, 'connected', JSON.stringify([...reported]));
      assert.equal(reported.get('broken')?.status, 'failed', JSON.stringify([...reported]));
      // Claude's init line says only "failed": its mcp_status answer says why.
      assert.match(reported.get('broken')?.error ?? '', /nonexistent|no such file|ENOENT/i);
    });
  });
}
