import { objectAt, stringAt, type JsonObject } from '../shared/json.js';
import type { ApprovalAnswer, ApprovalAsk } from '../shared/types.js';
import type { McpServerElicitationRequestResponse } from './protocol/McpServerElicitationRequestResponse.js';

/** Codex 0.171.0 asks before an MCP tool runs with an elicitation of this kind. */
export const MCP_ELICITATION = 'mcpServer/elicitation/request';
const TOOL_CALL_KIND = 'mcp_tool_call';

/**
 * The ask for an MCP tool call Codex wants approved, or null for any other elicitation: a server
 * asking the person to fill in a form is not an approval, and an empty "accept" would pretend
 * the form was filled. The tool is named as Claude names it (`mcp__<server>__<tool>`), so an
 * allow-always rule reads the same for every CLI.
 */
export function mcpToolApprovalAsk(params: JsonObject): ApprovalAsk | null {
  const meta = objectAt(params['_meta']);
  if (stringAt(meta?.['codex_approval_kind']) !== TOOL_CALL_KIND) return null;
  const server = stringAt(params['serverName']) ?? 'mcp';
  const tool = stringAt(meta?.['tool_name']) ?? stringAt(meta?.['tool_title']) ?? 'tool';
  return {
    tool: `mcp__${server}__${tool}`,
    kind: 'other',
    input: objectAt(meta?.['tool_params']) ?? {},
    description: stringAt(params['message']) ?? `${server} ${tool}`,
    commandName: null,
  };
}

export function mcpToolApprovalResponse(
  answer: ApprovalAnswer,
): McpServerElicitationRequestResponse {
  return answer.behavior === 'allow'
    ? { action: 'accept', content: {}, _meta: null }
    : { action: 'decline', content: null, _meta: null };
}
