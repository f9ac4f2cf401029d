import { commandName, displayPath, shellWords } from '../shared/approval-text.js';
import { arrayAt, objectAt, stringAt, type JsonObject } from '../shared/json.js';
import type { ApprovalAnswer, ApprovalAsk } from '../shared/types.js';
import { MCP_ELICITATION, mcpToolApprovalAsk, mcpToolApprovalResponse } from './mcp-approval.js';
import type { CommandExecutionRequestApprovalParams } from './protocol/CommandExecutionRequestApprovalParams.js';
import type { CommandExecutionRequestApprovalResponse } from './protocol/CommandExecutionRequestApprovalResponse.js';
import type { FileChangeRequestApprovalParams } from './protocol/FileChangeRequestApprovalParams.js';
import type { FileChangeRequestApprovalResponse } from './protocol/FileChangeRequestApprovalResponse.js';
import type { FileUpdateChange } from './protocol/FileUpdateChange.js';
import type { McpServerElicitationRequestResponse } from './protocol/McpServerElicitationRequestResponse.js';

/**
 * The approval requests of `codex app-server` 0.171.0 that Grove puts to the chat layer. A file
 * change request names only its item: the patch is in the `fileChange` item that `item/started`
 * announced just before, which the driver keeps for this (see `fileChangesOf`).
 */
const COMMAND_APPROVAL = 'item/commandExecution/requestApproval';
const FILE_CHANGE_APPROVAL = 'item/fileChange/requestApproval';

export type CodexApprovalResponse =
  | CommandExecutionRequestApprovalResponse
  | FileChangeRequestApprovalResponse
  | McpServerElicitationRequestResponse;

/** The ask for a server request, or null when the request is not an approval Grove handles. */
export function codexApprovalAsk(
  method: string,
  params: JsonObject,
  fileChanges: ReadonlyMap<string, FileUpdateChange[]>,
  cwd: string,
): ApprovalAsk | null {
  if (method === COMMAND_APPROVAL) {
    return commandAsk(params as Partial<CommandExecutionRequestApprovalParams>);
  }
  if (method === FILE_CHANGE_APPROVAL) {
    const request = params as Partial<FileChangeRequestApprovalParams>;
    return fileChangeAsk(request, fileChanges.get(request.itemId ?? '') ?? [], cwd);
  }
  if (method === MCP_ELICITATION) return mcpToolApprovalAsk(params);
  return null;
}

/**
 * Grove's answer in Codex's terms. Allow-always is Grove's own rule, so Codex only hears
 * `accept` (not `acceptForSession`): the next ask still comes to Grove, which answers it from
 * the rule. `decline` lets the turn go on, with the model told the user rejected the call.
 */
export function codexDecision(method: string, answer: ApprovalAnswer): CodexApprovalResponse {
  if (method === MCP_ELICITATION) return mcpToolApprovalResponse(answer);
  return { decision: answer.behavior === 'allow' ? 'accept' : 'decline' };
}

/** `changes` of a `fileChange` item, as `item/started` reports it. */
export function fileChangesOf(item: JsonObject): FileUpdateChange[] {
  return arrayAt(item['changes']).flatMap((change) => {
    const entry = objectAt(change);
    const filePath = stringAt(entry?.['path']);
    return entry && filePath ? [entry as unknown as FileUpdateChange] : [];
  });
}

function commandAsk(request: Partial<CommandExecutionRequestApprovalParams>): ApprovalAsk {
  const command = unwrapShell(request.command ?? '');
  return {
    tool: 'commandExecution',
    kind: 'command',
    input: {
      command,
      ...(request.cwd ? { cwd: request.cwd } : {}),
      // The model's justification when it asks to leave the sandbox.
      ...(request.reason ? { reason: request.reason } : {}),
    },
    description: command,
    commandName: commandName(command),
  };
}

function fileChangeAsk(
  request: Partial<FileChangeRequestApprovalParams>,
  changes: FileUpdateChange[],
  cwd: string,
): ApprovalAsk {
  const paths = changes.map((change) => displayPath(cwd, change.path));
  return {
    tool: 'fileChange',
    kind: 'edit',
    input: {
      changes,
      ...(request.reason ? { reason: request.reason } : {}),
      // Asking to write under a root outside the worktree for the rest of the session.
      ...(request.grantRoot ? { grantRoot: request.grantRoot } : {}),
    },
    description: paths.length > 0 ? `Edit ${paths.join(', ')}` : 'Edit files',
    commandName: null,
  };
}

/** Codex runs each command as `/bin/bash -lc '<command>'`; a person reads the command. */
function unwrapShell(command: string): string {
  const words = shellWords(command);
  const [shell = '', flag = '', script] = words;
  const wrapped = words.length === 3 && /(^|\/)(ba|z)?sh$/.test(shell) && /^-l?c$/.test(flag);
  return wrapped && script !== undefined ? script : command;
}
