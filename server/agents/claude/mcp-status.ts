import type { McpServerStatus } from '../../contract/index.js';
import { arrayAt, objectAt, stringAt, type JsonObject } from '../shared/json.js';
import type { AgentEvent } from '../shared/types.js';

/** Claude Code 2.1.197's words for a server's state in `system/init`. */
const STATUS: Record<string, McpServerStatus['status']> = {
  connected: 'connected',
  pending: 'starting',
  failed: 'failed',
  disabled: 'disabled',
  'needs-auth': 'failed',
};

/**
 * The servers' states from Claude's `system/init` line (`mcp_servers: [{name, status}]`). That
 * line has no error text (the driver asks `mcp_status` for it, see `withMcpErrors`); a server
 * that needs a login is reported failed with that as its error.
 */
export function claudeMcpStatus(event: JsonObject): AgentEvent[] {
  if (event['type'] !== 'system' || event['subtype'] !== 'init') return [];
  const servers = arrayAt(event['mcp_servers']).flatMap((entry): McpServerStatus[] => {
    const name = stringAt(objectAt(entry)?.['name']);
    const reported = stringAt(objectAt(entry)?.['status']) ?? '';
    if (!name) return [];
    const status = STATUS[reported] ?? 'failed';
    const error =
      status === 'failed' && reported !== 'failed' ? `Claude reports ${reported}.` : null;
    return [{ name, status, error }];
  });
  return servers.length > 0 ? [{ type: 'mcp-status', servers }] : [];
}

/** Whether some failed server's reason is still to be asked for. */
export function lacksMcpErrors(servers: readonly McpServerStatus[]): boolean {
  return servers.some(unexplained);
}

const unexplained = (server: McpServerStatus) =>
  server.status === 'failed' && server.error === null;

/**
 * The init line's states with each failed server's reason from the `mcp_status` answer
 * (`mcpServers: [{name, status, error, config}]`); nothing when it gives no reason, since the
 * init line's states are out already. Only `error` is taken: `config` holds the headers with
 * their secrets expanded.
 */
export function withMcpErrors(
  servers: readonly McpServerStatus[],
  answer: JsonObject | null,
): AgentEvent[] {
  const reasons = new Map<string, string>();
  for (const entry of arrayAt(answer?.['mcpServers'])) {
    const name = stringAt(objectAt(entry)?.['name']);
    const error = stringAt(objectAt(entry)?.['error']);
    if (name && error) reasons.set(name, error);
  }
  if (!servers.some((server) => unexplained(server) && reasons.has(server.name))) return [];
  const explained = servers.map((server) =>
    unexplained(server) ? { ...server, error: reasons.get(server.name) ?? null } : server,
  );
  return [{ type: 'mcp-status', servers: explained }];
}
