import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { GroveEvent } from '../../server/contract/index.js';
import { startChatRig, waitForRun, type ChatRig } from './chat-harness.js';

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

describe('MCP servers reach the real Claude Code CLI', { concurrency: false }, () => {
  let rig: ChatRig;
  before(async () => {
    rig = await startChatRig('claude');
  });
  after(async () => {
    await rig.close();
  });

  test('the model calls mcp__echo__echo; the secret reaches the server and nothing else', async () => {
    // The user's own Claude config, with a server of their own: Grove must not change its servers.
    const configDir = rig.agentEnv['CLAUDE_CONFIG_DIR'];
    assert.ok(configDir);
    await mkdir(configDir, { recursive: true });
    const userConfig = path.join(configDir, '.claude.json');
    const userText = JSON.stringify({ mcpServers: { mine: { command: 'false', args: [] } } });
    await writeFile(userConfig, userText);

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
    rig.stub.script('Echo through MCP', [
      [{ tool: 'raw', name: 'mcp__echo__echo', input: { text: 'hello' } }],
      [{ hold: held }, { text: 'Echo done.' }],
    ]);
    const session = await rig.createSession({ execution_mode: 'build' });
    const sent = await rig.test.api.post(`/api/sessions/${session.id}/messages`, {
      content: 'Echo through MCP',
    });
    assert.equal(sent.status, 202);
    const result = (await rig.events.waitFor(
      (frame) => frame.event === 'tool-result' && frame.data.session_id === session.id,
      120_000,
    )) as GroveEvent & { event: 'tool-result' };
    assert.equal(result.data.output, 'echo: hello; token=set');
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
    // The CLI keeps its own bookkeeping in this file (first start, ids); the servers are the user's.
    const after = JSON.parse(await readFile(userConfig, 'utf8')) as Record<string, unknown>;
    assert.deepEqual(after['mcpServers'], JSON.parse(userText).mcpServers);
    assert.ok(
      !JSON.stringify(after).includes('disabledMcpServers'),
      'no server was switched off there',
    );
  });
});
