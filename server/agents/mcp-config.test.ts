import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BACKENDS } from '../contract/index.js';
import { claudeMcpSetup } from './claude/mcp-config.js';
import { codexMcpSetup, userCodexServerNames } from './codex/mcp-config.js';
import { opencodeMcpSetup } from './opencode/mcp-config.js';
import {
  NO_MCP,
  redactSecrets,
  secretValues,
  type McpRunServers,
  type ResolvedMcpServer,
} from './shared/mcp.js';

const TOKEN = 's3cret-token';
const BEARER = 'Bearer s3cret-header';

const base = {
  id: '00000000-0000-4000-8000-000000000001',
  scope: 'global' as const,
  project_id: null,
  enabled_by_default: true,
  agents: [...BACKENDS],
  created_at: 0,
  updated_at: 0,
};

const echo: ResolvedMcpServer = {
  ...base,
  name: 'echo',
  transport: 'stdio',
  command: 'node',
  args: ['echo-server.mjs'],
  cwd: null,
  url: null,
  env: { ECHO_TOKEN: { value: TOKEN, secret: true }, MODE: { value: 'plain', secret: false } },
  headers: {},
  tool_approval: 'allow',
};
const web: ResolvedMcpServer = {
  ...base,
  name: 'web',
  transport: 'http',
  command: null,
  args: [],
  cwd: null,
  url: 'http://127.0.0.1:9/mcp',
  env: {},
  headers: {
    Authorization: { value: BEARER, secret: true },
    'X-Team': { value: 'a', secret: false },
  },
  tool_approval: 'ask',
};
const events: ResolvedMcpServer = { ...web, name: 'events', transport: 'sse', headers: {} };

const run: McpRunServers = {
  servers: [echo, web, events],
  disabled: ['mine', 'ghost'],
  managed: true,
};

/** Everything a CLI sees besides its environment must be free of secret values. */
function assertNoSecrets(visible: unknown): void {
  const text = JSON.stringify(visible);
  assert.ok(!text.includes(TOKEN) && !text.includes('s3cret-header'), text);
}

describe('per-run MCP configuration for each CLI (golden)', () => {
  test('Claude: a strict config file with ${VAR} placeholders; secrets only in the environment', () => {
    const setup = claudeMcpSetup(run, '/data/runs/r1/mcp.json');
    assert.ok(setup);
    assert.deepEqual(JSON.parse(setup.file), {
      mcpServers: {
        echo: {
          type: 'stdio',
          command: 'node',
          args: ['echo-server.mjs'],
          env: { ECHO_TOKEN: '${GROVE_MCP_ECHO_ECHO_TOKEN}', MODE: 'plain' },
        },
        web: {
          type: 'http',
          url: 'http://127.0.0.1:9/mcp',
          headers: { Authorization: '${GROVE_MCP_WEB_AUTHORIZATION}', 'X-Team': 'a' },
        },
        events: { type: 'sse', url: 'http://127.0.0.1:9/mcp', headers: {} },
      },
    });
    assert.deepEqual(setup.args, [
      '--mcp-config',
      '/data/runs/r1/mcp.json',
      '--strict-mcp-config',
      '--allowedTools',
      'mcp__echo',
    ]);
    assert.deepEqual(setup.env, {
      GROVE_MCP_ECHO_ECHO_TOKEN: TOKEN,
      GROVE_MCP_WEB_AUTHORIZATION: BEARER,
      MCP_CONNECTION_NONBLOCKING: '0',
    });
    assertNoSecrets([setup.file, setup.args]);
    assert.equal(
      claudeMcpSetup(NO_MCP, '/x'),
      null,
      'no Grove servers: the user’s own config rules',
    );
  });

  test('Codex: dotted thread config keys, env_vars and env_http_headers; the user’s disabled servers off', () => {
    const setup = codexMcpSetup(run, new Set(['mine', 'other']));
    assert.deepEqual(setup.config, {
      'mcp_servers.echo.enabled': true,
      'mcp_servers.echo.default_tools_approval_mode': 'approve',
      'mcp_servers.echo.command': 'node',
      'mcp_servers.echo.args': ['echo-server.mjs'],
      'mcp_servers.echo.env': { MODE: 'plain' },
      'mcp_servers.echo.env_vars': ['ECHO_TOKEN'],
      'mcp_servers.web.enabled': true,
      'mcp_servers.web.default_tools_approval_mode': 'prompt',
      'mcp_servers.web.url': 'http://127.0.0.1:9/mcp',
      'mcp_servers.web.http_headers': { 'X-Team': 'a' },
      'mcp_servers.web.env_http_headers': { Authorization: 'GROVE_MCP_WEB_AUTHORIZATION' },
      'mcp_servers.mine.enabled': false,
    });
    assert.deepEqual(setup.env, { ECHO_TOKEN: TOKEN, GROVE_MCP_WEB_AUTHORIZATION: BEARER });
    assert.deepEqual(setup.unsupported, [
      { name: 'events', reason: 'Codex has no SSE transport; use http.' },
    ]);
    assertNoSecrets(setup.config);
  });

  test('Codex: the user’s server names come from config.toml table headers', () => {
    const toml =
      '[model]\nx=1\n[mcp_servers.mine]\ncommand="a"\n  [mcp_servers."with.dot"]\n[mcp_servers.mine.env]\n';
    assert.deepEqual([...userCodexServerNames(toml)].sort(), ['mine', 'with.dot']);
  });

  test('OpenCode: OPENCODE_CONFIG_CONTENT with {env:VAR}; disabled names switched off', () => {
    const setup = opencodeMcpSetup(run);
    assert.ok(setup);
    const { OPENCODE_CONFIG_CONTENT: content, ...secrets } = setup.env;
    assert.deepEqual(JSON.parse(content ?? ''), {
      mcp: {
        mine: { enabled: false },
        ghost: { enabled: false },
        echo: {
          type: 'local',
          command: ['node', 'echo-server.mjs'],
          environment: { ECHO_TOKEN: '{env:GROVE_MCP_ECHO_ECHO_TOKEN}', MODE: 'plain' },
          enabled: true,
        },
        web: {
          type: 'remote',
          url: 'http://127.0.0.1:9/mcp',
          headers: { Authorization: '{env:GROVE_MCP_WEB_AUTHORIZATION}', 'X-Team': 'a' },
          enabled: true,
        },
        events: { type: 'remote', url: 'http://127.0.0.1:9/mcp', headers: {}, enabled: true },
      },
      // Each server's tools (`<server>_<tool>`) ask or run as the server is marked.
      permission: { 'echo_*': 'allow', 'web_*': 'ask', 'events_*': 'ask' },
    });
    assert.deepEqual(secrets, {
      GROVE_MCP_ECHO_ECHO_TOKEN: TOKEN,
      GROVE_MCP_WEB_AUTHORIZATION: BEARER,
    });
    assertNoSecrets(content);
    assert.equal(opencodeMcpSetup(NO_MCP), null);
  });

  test('redaction replaces every secret a CLI echoes back', () => {
    const echoed = `{"headers":{"Authorization":"${BEARER}"},"env":{"ECHO_TOKEN":"${TOKEN}"}}`;
    const redacted = redactSecrets(echoed, secretValues(run));
    assert.equal(
      redacted,
      '{"headers":{"Authorization":"[redacted]"},"env":{"ECHO_TOKEN":"[redacted]"}}',
    );
  });
});
