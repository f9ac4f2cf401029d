/** An `@query` being typed: where its `@` is and what follows it up to the caret. */
export interface ActiveMention {
  start: number;
  query: string;
}

/** The mention the caret is in, if any: an `@` at the start or after whitespace, no space since. */
export function activeMention(text: string, caret: number): ActiveMention | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)@([^\s@]*)$/.exec(before);
  if (!match) return null;
  const query = match[2] ?? '';
  return { start: caret - query.length - 1, query };
}

/**
 * Replace the mention being typed with `@path ` (the form Claude Code, Codex and OpenCode all
 * read as a file reference); the caret lands after it.
 */
export function insertMention(
  text: string,
  caret: number,
  mention: ActiveMention,
  path: string,
): { text: string; caret: number } {
  const inserted = `@${path} `;
  const after = text.slice(caret).replace(/^\S*\s?/, '');
  return {
    text: text.slice(0, mention.start) + inserted + after,
    caret: mention.start + inserted.length,
  };
}

export type TextSegment = { kind: 'text'; text: string } | { kind: 'mention'; path: string };

/** A message's text with its `@path` mentions picked out, to show them as chips. */
export function splitMentions(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  const pattern = /(^|\s)@([\w./-][^\s@]*)/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const at = match.index + (match[1] ?? '').length;
    // A trailing full stop or comma ends the sentence, not the path.
    const path = (match[2] ?? '').replace(/[.,:;!?)]+$/, '');
    if (at > last) segments.push({ kind: 'text', text: text.slice(last, at) });
    segments.push({ kind: 'mention', path });
    last = at + 1 + path.length;
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) });
  return segments;
}
