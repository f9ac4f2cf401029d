import { promptText, splitAttachments } from '../shared/attachments.js';
import type { TurnRequest } from '../shared/types.js';
import type { UserInput } from './protocol/UserInput.js';

/**
 * `turn/start`'s input: the prompt, each text file as a text item, and each image as a
 * `localImage` item, which the app-server reads from disk and sends to the model as an image.
 */
export function codexTurnInput(request: TurnRequest): UserInput[] {
  const { images, texts } = splitAttachments(request);
  return [
    ...[...texts, ...promptText(request)].map((text): UserInput => ({
      type: 'text',
      text,
      text_elements: [],
    })),
    ...images.map((image): UserInput => ({ type: 'localImage', path: image.path })),
  ];
}
