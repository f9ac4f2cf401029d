// Claude Code's stream-json control protocol (`--input-format stream-json --permission-prompt-tool
// stdio`), as far as Grove speaks it. These are small local types rather than the Claude Agent
// SDK's: the SDK is not a dependency, and installing it pulls eight platform binaries of the CLI
// as optional dependencies for a handful of type declarations. Shapes checked against the real
// claude 2.1.197 (see fixtures/README.md).
import { objectAt, stringAt, type JsonObject } from '../shared/json.js';

/**
 * The turn's prompt, as the first (and only) line Grove writes unasked: a string, or content
 * blocks when files are attached.
 */
export function userMessageLine(content: string | object[]): string {
  return JSON.stringify({
    type: 'user',
    message: { role: 'user', content },
    parent_tool_use_id: null,
    session_id: '',
  });
}

/** `control_request` `can_use_tool`: the CLI asks before it runs a tool. */
export interface ToolPermissionRequest {
  requestId: string;
  toolName: string;
  /** The tool's input, which an allow must hand back as `updatedInput`. */
  input: JsonObject;
  /** The CLI's own one-line summary ("Run npm test", "w.txt"), when it gives one. */
  description: string | undefined;
}

/** A CLI line that is part of the control protocol rather than the conversation. */
export type ControlLine =
  | { kind: 'permission'; request: ToolPermissionRequest }
  /** The CLI withdrew a question (it was interrupted): its answer must not be sent. */
  | { kind: 'cancel'; requestId: string }
  /** Any other request of the CLI, which gets an error answer so it never waits. */
  | { kind: 'unsupported'; requestId: string; subtype: string }
  /** The CLI's answer to a request of ours: its body on success, null on an error. */
  | { kind: 'response'; requestId: string; body: JsonObject | null }
  /** Anything unreadable: nothing to do. */
  | { kind: 'ignored' };

/** The control-protocol reading of a line, or null for a conversation line. */
export function controlLine(event: JsonObject): ControlLine | null {
  const type = event['type'];
  if (type === 'control_cancel_request') {
    const requestId = stringAt(event['request_id']);
    return requestId ? { kind: 'cancel', requestId } : { kind: 'ignored' };
  }
  if (type === 'control_response') {
    const response = objectAt(event['response']);
    const requestId = stringAt(response?.['request_id']);
    if (!requestId) return { kind: 'ignored' };
    const body = response?.['subtype'] === 'success' ? objectAt(response['response']) : null;
    return { kind: 'response', requestId, body: body ?? null };
  }
  if (type !== 'control_request') return null;
  const requestId = stringAt(event['request_id']);
  const request = objectAt(event['request']);
  const subtype = stringAt(request?.['subtype']) ?? 'unknown';
  if (!requestId || !request) return { kind: 'ignored' };
  const toolName = stringAt(request['tool_name']);
  if (subtype !== 'can_use_tool' || !toolName) return { kind: 'unsupported', requestId, subtype };
  return {
    kind: 'permission',
    request: {
      requestId,
      toolName,
      input: objectAt(request['input']) ?? {},
      description: stringAt(request['description']),
    },
  };
}

/** Ask for the MCP servers' states, which unlike `system/init` say why a server failed. */
export function mcpStatusRequestLine(requestId: string): string {
  return JSON.stringify({
    type: 'control_request',
    request_id: requestId,
    request: { subtype: 'mcp_status' },
  });
}

/** Allow runs the tool with its input unchanged. */
export function allowLine(request: ToolPermissionRequest): string {
  return successLine(request.requestId, { behavior: 'allow', updatedInput: request.input });
}

/** Deny reaches the model as the tool's error, with `message` as its text; the turn goes on. */
export function denyLine(requestId: string, message: string): string {
  return successLine(requestId, { behavior: 'deny', message, interrupt: false });
}

export function errorLine(requestId: string, error: string): string {
  return JSON.stringify({
    type: 'control_response',
    response: { subtype: 'error', request_id: requestId, error },
  });
}

function successLine(requestId: string, response: JsonObject): string {
  return JSON.stringify({
    type: 'control_response',
    response: { subtype: 'success', request_id: requestId, response },
  });
}
