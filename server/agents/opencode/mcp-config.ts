import { secretEnv, withPlaceholders, type McpRunServers } from '../shared/mcp.js';

/** What an OpenCode run needs for Grove's MCP servers. */
export interface OpencodeMcpSetup {
  /** `OPENCODE_CONFIG_CONTENT` plus the secrets its `{env:VAR}` placeholders name. */
  env: Record<string, string>;
}

/**
 * OpenCode layers `OPENCODE_CONFIG_CONTENT` over the user's own config files (which it never
 * writes), so a server the session has off is named with `enabled:false` to switch off a user's
 * server of the same name; for a name the user does not have, that entry is ignored.
 */
export function opencodeMcpSetup(run: McpRunServers): OpencodeMcpSetup | null {
  if (!run.managed) return null;
  const placeholder = (name: string) => `{env:${name}}`;
  const mcp: Record<string, object> = {};
  for (const name of run.disabled) mcp[name] = { enabled: false };
  for (const server of run.servers) {
    mcp[server.name] =
      server.transport === 'stdio'
        ? {
            type: 'local',
            command: [server.command ?? '', ...server.args],
            ...(server.cwd ? { cwd: server.cwd } : {}),
            environment: withPlaceholders(server.name, server.env, placeholder),
            enabled: true,
          }
        : {
            type: 'remote',
            url: server.url,
            headers: withPlaceholders(server.name, server.headers, placeholder),
            enabled: true,
          };
  }
  // OpenCode names a server's tools `<server>_<tool>` and checks each under that permission.
  const permission = Object.fromEntries(
    run.servers.map((server) => [`${server.name}_*`, server.tool_approval]),
  );
  const content = { mcp, ...(run.servers.length > 0 ? { permission } : {}) };
  return { env: { ...secretEnv(run), OPENCODE_CONFIG_CONTENT: JSON.stringify(content) } };
}
