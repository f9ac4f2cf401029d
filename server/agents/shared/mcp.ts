import type { McpServer } from '../../contract/index.js';

/** A value with whether it is a secret, which must reach the CLI only through the environment. */
export interface McpValue {
  value: string;
  secret: boolean;
}

/** A server with its secrets' values filled in: only for starting it, never for an answer. */
export interface ResolvedMcpServer extends Omit<McpServer, 'env' | 'headers'> {
  env: Record<string, McpValue>;
  headers: Record<string, McpValue>;
}

/** What one run of a session's CLI gets. */
export interface McpRunServers {
  /** The servers the session has on, for this CLI. */
  servers: ResolvedMcpServer[];
  /**
   * The names the session has off. Codex and OpenCode merge Grove's servers with the user's own
   * config, so a user's server of the same name must be switched off explicitly.
   */
  disabled: string[];
  /** Whether Grove manages this run's MCP servers at all (none defined: the CLI's own config rules). */
  managed: boolean;
}

export const NO_MCP: McpRunServers = { servers: [], disabled: [], managed: false };

/** The variable a secret travels in: unique per server and key, so servers never share one. */
export function secretEnvName(server: string, key: string): string {
  const part = (text: string) => text.toUpperCase().replace(/[^A-Z0-9]/g, '_');
  return `GROVE_MCP_${part(server)}_${part(key)}`;
}

/** Every secret of the run in its own variable, for the CLI's environment. */
export function secretEnv(run: McpRunServers): Record<string, string> {
  const env: Record<string, string> = {};
  for (const server of run.servers) {
    for (const [key, item] of [...Object.entries(server.env), ...Object.entries(server.headers)]) {
      if (item.secret) env[secretEnvName(server.name, key)] = item.value;
    }
  }
  return env;
}

/**
 * Shorter values are not masked: replacing every "x" or "ab" in a CLI's output would garble it
 * and point at the secret. Real tokens are far longer.
 */
export const MIN_REDACTED_LENGTH = 6;

/** The secret values of a run, to redact from whatever the CLI echoes back. */
export function secretValues(run: McpRunServers): string[] {
  return run.servers.flatMap((server) =>
    [...Object.values(server.env), ...Object.values(server.headers)]
      .filter((item) => item.secret && item.value.length >= MIN_REDACTED_LENGTH)
      .map((item) => item.value),
  );
}

/** Each value as plain text, or a secret as a reference in the CLI's own placeholder syntax. */
export function withPlaceholders(
  server: string,
  values: Record<string, McpValue>,
  placeholder: (envName: string) => string,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([key, item]) => [
      key,
      item.secret ? placeholder(secretEnvName(server, key)) : item.value,
    ]),
  );
}

/** Replace every secret value in `text` with a marker. Longest first, so no part is left over. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    result = result.split(secret).join('[redacted]');
  }
  return result;
}

/** `value` with every secret masked in every string it holds (objects and arrays walked). */
export function redactDeep<T>(value: T, secrets: readonly string[]): T {
  if (typeof value === 'string') return redactSecrets(value, secrets) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redactDeep(item, secrets)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, redactDeep(item, secrets)]),
    ) as T;
  }
  return value;
}
