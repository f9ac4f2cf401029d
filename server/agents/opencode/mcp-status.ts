import type { McpStatus } from '@opencode-ai/sdk/v2/types';
import type { McpServerStatus } from '../../contract/index.js';
import { isObject } from '../shared/json.js';
import type { AgentEvent } from '../shared/types.js';

/** OpenCode 1.18.33's `GET /mcp` answer: each server's state by name. */
export function opencodeMcpStatus(answer: unknown): AgentEvent[] {
  if (!isObject(answer)) return [];
  const servers = Object.entries(answer).flatMap(([name, value]): McpServerStatus[] => {
    if (!isObject(value)) return [];
    const state = value as McpStatus;
    switch (state.status) {
      case 'connected':
      case 'disabled':
        return [{ name, status: state.status, error: null }];
      case 'failed':
        return [{ name, status: 'failed', error: state.error }];
      case 'needs_auth':
        return [{ name, status: 'failed', error: 'The server needs a login (OAuth).' }];
      case 'needs_client_registration':
        return [{ name, status: 'failed', error: state.error }];
      default:
        return [];
    }
  });
  return servers.length > 0 ? [{ type: 'mcp-status', servers }] : [];
}
