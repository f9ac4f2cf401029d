import { base64Of, promptText, splitAttachments } from '../shared/attachments.js';
import type { TurnRequest } from '../shared/types.js';

/**
 * The user line's `content`: the prompt as a plain string when nothing is attached, else
 * Messages API content blocks, which stream-json input passes to the model as they are: each
 * image as a base64 `image` block, each text file as a `text` block, then the prompt.
 */
export function claudeUserContent(request: TurnRequest): string | object[] {
  const { images, texts } = splitAttachments(request);
  if (images.length === 0 && texts.length === 0) return request.prompt;
  return [
    ...images.map((image) => ({
      type: 'image',
      source: { type: 'base64', media_type: image.mime, data: base64Of(image) },
    })),
    ...[...texts, ...promptText(request)].map((text) => ({ type: 'text', text })),
  ];
}
