import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { secretEnvName, type McpRunServers, type McpValue } from '../shared/mcp.js';

/** What a Codex run needs for Grove's MCP servers: thread config keys and environment. */
export interface CodexMcpSetup {
  /** Dotted `mcp_servers.*` keys for `thread/start`'s `config` (nothing is written to config.toml). */
  config: Record<string, unknown>;
  env: Record<string, string>;
  /** Servers Codex cannot start, with why (it has no SSE transport). */
  unsupported: { name: string; reason: string }[];
}

/**
 * Codex merges these keys over `$CODEX_HOME/config.toml`. Secrets never sit in the keys: a stdio
 * server's secret env is forwarded by name (`env_vars`) from the app-server's environment, and a
 * secret header is read from a variable (`env_http_headers`). A server of the user's own that
 * the session has off gets `enabled=false`; only the user's names may be named so (a name Codex
 * does not know, with nothing but `enabled`, fails its config load).
 */
export function codexMcpSetup(
  run: McpRunServers,
  userServerNames: ReadonlySet<string>,
): CodexMcpSetup {
  const config: Record<string, unknown> = {};
  const env: Record<string, string> = {};
  const unsupported: CodexMcpSetup['unsupported'] = [];
  for (const server of run.servers) {
    const key = `mcp_servers.${server.name}`;
    if (server.transport === 'sse') {
      unsupported.push({ name: server.name, reason: 'Codex has no SSE transport; use http.' });
      continue;
    }
    config[`${key}.enabled`] = true;
    // "approve" runs the tools unasked; "prompt" asks for every call (mcp-approval.ts).
    config[`${key}.default_tools_approval_mode`] =
      server.tool_approval === 'allow' ? 'approve' : 'prompt';
    if (server.transport === 'stdio') {
      config[`${key}.command`] = server.command;
      config[`${key}.args`] = server.args;
      if (server.cwd) config[`${key}.cwd`] = server.cwd;
      const { plain, secret } = split(server.env);
      if (Object.keys(plain).length > 0) config[`${key}.env`] = plain;
      if (Object.keys(secret).length > 0) config[`${key}.env_vars`] = Object.keys(secret);
      Object.assign(env, secret);
    } else {
      config[`${key}.url`] = server.url;
      const { plain, secret } = split(server.headers);
      if (Object.keys(plain).length > 0) config[`${key}.http_headers`] = plain;
      const fromEnv: Record<string, string> = {};
      for (const [header, value] of Object.entries(secret)) {
        const name = secretEnvName(server.name, header);
        fromEnv[header] = name;
        env[name] = value;
      }
      if (Object.keys(fromEnv).length > 0) config[`${key}.env_http_headers`] = fromEnv;
    }
  }
  for (const name of run.disabled) {
    if (userServerNames.has(name)) config[`mcp_servers.${name}.enabled`] = false;
  }
  return { config, env, unsupported };
}

/**
 * The server names in a Codex config.toml (`[mcp_servers.<name>]` tables), read without a TOML
 * parser: only the table headers matter, and a name Grove cannot read is one it cannot clash with.
 */
export function userCodexServerNames(configToml: string): Set<string> {
  const names = new Set<string>();
  for (const match of configToml.matchAll(
    /^\s*\[mcp_servers\.(?:"([^"]+)"|([A-Za-z0-9_-]+))\]/gm,
  )) {
    const name = match[1] ?? match[2];
    if (name) names.add(name);
  }
  return names;
}

function split(values: Record<string, McpValue>): {
  plain: Record<string, string>;
  secret: Record<string, string>;
} {
  const plain: Record<string, string> = {};
  const secret: Record<string, string> = {};
  for (const [key, item] of Object.entries(values))
    (item.secret ? secret : plain)[key] = item.value;
  return { plain, secret };
}

/** The user's own server names, from `$CODEX_HOME/config.toml` (read, never written). */
export function readUserCodexServerNames(env: NodeJS.ProcessEnv): Set<string> {
  const codexHome = env['CODEX_HOME'] ?? path.join(env['HOME'] ?? homedir(), '.codex');
  try {
    return userCodexServerNames(readFileSync(path.join(codexHome, 'config.toml'), 'utf8'));
  } catch {
    return new Set();
  }
}
