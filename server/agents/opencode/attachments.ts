import type { FilePartInput, TextPartInput } from '@opencode-ai/sdk/v2/types';
import { base64Of, promptText, splitAttachments } from '../shared/attachments.js';
import type { TurnRequest } from '../shared/types.js';

/**
 * The prompt's parts: each text file and the prompt as text parts, and each image as a `file`
 * part with a `data:` URL, which OpenCode hands the model as an image. (A `file://` URL would
 * make OpenCode read Grove's private folder, outside the project.)
 */
export function opencodePromptParts(request: TurnRequest): (TextPartInput | FilePartInput)[] {
  const { images, texts } = splitAttachments(request);
  return [
    ...[...texts, ...promptText(request)].map((text): TextPartInput => ({ type: 'text', text })),
    ...images.map((image): FilePartInput => ({
      type: 'file',
      mime: image.mime,
      filename: image.name,
      url: `data:${image.mime};base64,${base64Of(image)}`,
    })),
  ];
}
