import { secretEnv, withPlaceholders, type McpRunServers } from '../shared/mcp.js';

/** What a Claude Code run needs for Grove's MCP servers: a config file and its flags. */
export interface ClaudeMcpSetup {
  /** The `--mcp-config` file's content; secrets appear only as `${VAR}` placeholders. */
  file: string;
  args: string[];
  env: Record<string, string>;
}

/**
 * `--mcp-config <file> --strict-mcp-config`: the run sees exactly the session's servers and the
 * user's own files are neither read nor written (never `mcp_toggle`, which persists into
 * `~/.claude.json`). Claude expands `${VAR}` in env and headers from its own environment, so
 * secret values travel only there. Servers whose tools run without asking are pre-allowed.
 */
export function claudeMcpSetup(run: McpRunServers, configPath: string): ClaudeMcpSetup | null {
  if (!run.managed) return null;
  const placeholder = (name: string) => `\${${name}}`;
  const mcpServers = Object.fromEntries(
    run.servers.map((server) => [
      server.name,
      server.transport === 'stdio'
        ? {
            type: 'stdio',
            command: server.command,
            args: server.args,
            env: withPlaceholders(server.name, server.env, placeholder),
          }
        : {
            type: server.transport,
            url: server.url,
            headers: withPlaceholders(server.name, server.headers, placeholder),
          },
    ]),
  );
  const allowed = run.servers
    .filter((server) => server.tool_approval === 'allow')
    .map((server) => `mcp__${server.name}`);
  return {
    file: JSON.stringify({ mcpServers }, null, 2),
    args: [
      '--mcp-config',
      configPath,
      '--strict-mcp-config',
      ...(allowed.length > 0 ? ['--allowedTools', allowed.join(',')] : []),
    ],
    // Claude 2.1.197 may send the first request before a slow server is up (its tools then
    // missing, with only `WaitForMcpServers` offered); "0" makes it wait, as Grove does for Codex.
    env: { ...secretEnv(run), MCP_CONNECTION_NONBLOCKING: '0' },
  };
}
