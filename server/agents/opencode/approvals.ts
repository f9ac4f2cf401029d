import type { PermissionReplyData, PermissionRequest } from '@opencode-ai/sdk/v2/types';
import { commandName, displayPath } from '../shared/approval-text.js';
import { arrayAt, objectAt, stringAt, type JsonObject } from '../shared/json.js';
import type { ApprovalAnswer, ApprovalAsk } from '../shared/types.js';

/** How Grove answers a `permission.asked`: `POST /permission/:id/reply` with this body. */
export interface PermissionAnswer {
  requestId: string;
  body: NonNullable<PermissionReplyData['body']>;
}

/**
 * Said with a reject when the user gave no reason: OpenCode 1.18.33 ends the turn on a reject
 * without a message, and goes on (the tool fails with the message) with one.
 */
const DENIED_WITHOUT_REASON = 'The user denied this action.';

/** The properties of a `permission.asked` event, or null when they lack an id or session. */
export function permissionRequestOf(properties: JsonObject): PermissionRequest | null {
  const id = stringAt(properties['id']);
  const sessionID = stringAt(properties['sessionID']);
  if (!id || !sessionID) return null;
  const strings = (value: unknown) =>
    arrayAt(value).filter((entry): entry is string => typeof entry === 'string');
  return {
    id,
    sessionID,
    permission: stringAt(properties['permission']) ?? 'unknown',
    patterns: strings(properties['patterns']),
    metadata: objectAt(properties['metadata']) ?? {},
    always: strings(properties['always']),
  };
}

/**
 * What the user is asked. `bash` asks carry the command line in `metadata.command` (`patterns`
 * split it into the commands it runs); `edit` asks (edit, write and patch tools) the file and the diff in
 * `metadata.filepath` / `metadata.diff`. Anything else (`external_directory`, `webfetch`,
 * `doom_loop`…) is shown by its patterns.
 */
export function opencodeApprovalAsk(request: PermissionRequest, cwd: string): ApprovalAsk {
  const { permission, patterns, metadata } = request;
  if (permission === 'bash') {
    const command = stringAt(metadata['command']) ?? patterns.join(' && ');
    return {
      tool: 'bash',
      kind: 'command',
      input: { command },
      description: command,
      commandName: commandName(command),
    };
  }
  if (permission === 'edit') {
    const filePath = stringAt(metadata['filepath']);
    const files = filePath ? [displayPath(cwd, filePath)] : patterns;
    return {
      tool: 'edit',
      kind: 'edit',
      input: {
        ...(filePath ? { filepath: filePath } : {}),
        diff: stringAt(metadata['diff']) ?? '',
      },
      description: files.length > 0 ? `Edit ${files.join(', ')}` : 'Edit files',
      commandName: null,
    };
  }
  return {
    tool: permission,
    kind: 'other',
    input: { patterns, metadata },
    description: patterns.length > 0 ? `${permission}: ${patterns.join(', ')}` : permission,
    commandName: null,
  };
}

/** Allow-always is Grove's rule, so OpenCode hears `once`: the next ask still comes to Grove. */
export function permissionReply(answer: ApprovalAnswer): PermissionAnswer['body'] {
  if (answer.behavior === 'allow') return { reply: 'once' };
  return { reply: 'reject', message: answer.message.trim() || DENIED_WITHOUT_REASON };
}
