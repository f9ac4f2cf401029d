// What images a request carries to the model, in either provider's API: the proof that a CLI
// passed an attached image on, not just a path or a mention of it.

import { asArray, asString, isRecord } from './http.js';
import type { Step, Turn } from './types.js';

/** Media types of every image in the request's user input, oldest first. */
export function imagesIn(body: unknown): string[] {
  const b = isRecord(body) ? body : {};
  // Anthropic: `messages[].content[]`; Responses: `input[].content[]`.
  const messages = [...asArray(b['messages']), ...asArray(b['input'])].filter(isRecord);
  return messages
    .filter((message) => message['role'] === 'user')
    .flatMap((message) => asArray(message['content']).filter(isRecord))
    .map(imageType)
    .filter((type): type is string => type !== undefined);
}

function imageType(block: Record<string, unknown>): string | undefined {
  if (block['type'] === 'image') {
    const source = isRecord(block['source']) ? block['source'] : {};
    return asString(source['media_type']) ?? 'image';
  }
  if (block['type'] === 'input_image') {
    const url = asString(block['image_url']) ?? '';
    return /^data:([^;,]+)/.exec(url)?.[1] ?? 'image';
  }
  return undefined;
}

/** The words an `{ echoImages: true }` step answers with. */
export function describeImages(images: readonly string[]): string {
  return `Images received: ${images.length}${images.length > 0 ? ` (${images.join(', ')})` : ''}.`;
}

/** Replace each `echoImages` step by the text describing what arrived. */
export function withImagesEchoed(turn: Turn, images: readonly string[]): Turn {
  return turn.map((step: Step) => ('echoImages' in step ? { text: describeImages(images) } : step));
}
