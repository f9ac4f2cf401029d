import type { McpServerStatus } from '../../contract/index.js';
import { stringAt, type JsonObject } from '../shared/json.js';
import type { AgentEvent } from '../shared/types.js';
import type { McpServerStartupState } from './protocol/McpServerStartupState.js';

const STATUS: Record<McpServerStartupState, McpServerStatus['status']> = {
  starting: 'starting',
  ready: 'connected',
  failed: 'failed',
  cancelled: 'failed',
};

/**
 * Codex reports one server at a time (`mcpServer/startupStatus/updated`); Grove's event carries
 * every server, so the latest state of each is kept here and the whole list sent on each change.
 */
export class CodexMcpStatus {
  private readonly servers = new Map<string, McpServerStatus>();

  update(params: JsonObject): AgentEvent[] {
    const name = stringAt(params['name']);
    const reported = stringAt(params['status']) as McpServerStartupState | undefined;
    if (!name || !reported || !(reported in STATUS)) return [];
    const status = STATUS[reported];
    const error =
      stringAt(params['error']) ?? (reported === 'cancelled' ? 'Codex cancelled its start.' : null);
    this.servers.set(name, { name, status, error: status === 'failed' ? error : null });
    return [{ type: 'mcp-status', servers: [...this.servers.values()] }];
  }
}
