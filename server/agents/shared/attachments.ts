import { readFileSync } from 'node:fs';
import { isImage } from '../../contract/attachments.js';
import type { TurnAttachment, TurnRequest } from './types.js';

/**
 * A prompt's attachments, split the way every CLI takes them: images go to the model as images,
 * each CLI its own way; text files go inline, as text beside the prompt.
 *
 * Why inline and not `@path`: Grove keeps attachments in its private data folder, outside the
 * worktree, where each CLI would first ask (Claude, OpenCode's external_directory) or be
 * sandboxed; copying them into the worktree would show up in the user's git status.
 */
export function splitAttachments(request: TurnRequest): {
  images: TurnAttachment[];
  texts: string[];
} {
  const all = request.attachments ?? [];
  return {
    images: all.filter((attachment) => isImage(attachment.mime)),
    texts: all.filter((attachment) => !isImage(attachment.mime)).map(inlineText),
  };
}

/**
 * The prompt as a text item, or none for a message of attachments alone: models refuse an empty
 * text block.
 */
export function promptText(request: TurnRequest): string[] {
  return request.prompt ? [request.prompt] : [];
}

/** A text file as the model reads it: its name, then its content. */
function inlineText(attachment: TurnAttachment): string {
  const text = readFileSync(attachment.path, 'utf8');
  return `<attached-file name=${JSON.stringify(attachment.name)}>\n${text}\n</attached-file>`;
}

/** An image's bytes as base64, for CLIs that take images inline. */
export function base64Of(attachment: TurnAttachment): string {
  return readFileSync(attachment.path).toString('base64');
}
