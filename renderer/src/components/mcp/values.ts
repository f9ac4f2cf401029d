import type { McpServer, McpValueInput } from '@contract';

/** `KEY=value` lines, one per variable or header; secrets show as `KEY=••••` and are kept as they are. */
export const SECRET_MASK = '••••';

export function valuesToText(values: McpServer['env'], secret: boolean): string {
  return Object.entries(values)
    .filter(([, value]) => (typeof value === 'string') !== secret)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : SECRET_MASK}`)
    .join('\n');
}

/**
 * Parse the plain and secret text areas back into what the API takes: a masked secret left as is
 * becomes `{set: true}` (keep it), a changed one `{secret}`. Lines without `=` are reported.
 */
export function textToValues(
  plain: string,
  secrets: string,
): { values: Record<string, McpValueInput> } | { error: string } {
  const values: Record<string, McpValueInput> = {};
  for (const [text, secret] of [
    [plain, false],
    [secrets, true],
  ] as const) {
    for (const line of text.split('\n').map((item) => item.trim())) {
      if (!line) continue;
      const at = line.indexOf('=');
      if (at <= 0) return { error: `“${line}” is not KEY=value.` };
      const key = line.slice(0, at).trim();
      const value = line.slice(at + 1);
      if (!secret) values[key] = value;
      else values[key] = value === SECRET_MASK ? { set: true } : { secret: value };
    }
  }
  return { values };
}

/** Arguments one per line, so spaces inside an argument need no quoting. */
export const argsToText = (args: readonly string[]) => args.join('\n');
export const textToArgs = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
