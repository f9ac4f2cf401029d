/**
 * One line describing a tool call: the command it runs, the file it touches, the pattern it
 * seeks. Paths inside the worktree (`cwd`) are shown relative to it.
 */
export function toolSummary(input: unknown, cwd?: string): string {
  const summary = rawSummary(input);
  if (!cwd) return summary;
  const prefix = cwd.endsWith('/') ? cwd : `${cwd}/`;
  return summary.split(prefix).join('');
}

function rawSummary(input: unknown): string {
  if (typeof input === 'string') return firstLine(input);
  if (typeof input !== 'object' || input === null) return '';
  const record = input as Record<string, unknown>;
  for (const key of [
    'command',
    'cmd',
    'file_path',
    'filePath',
    'path',
    'pattern',
    'url',
    'query',
    'description',
    'prompt',
  ]) {
    const value = record[key];
    if (typeof value === 'string' && value.trim() !== '') return firstLine(value);
    if (Array.isArray(value) && value.every((item) => typeof item === 'string'))
      return firstLine(value.join(' '));
  }
  return '';
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 120 ? `${line.slice(0, 117)}…` : line;
}

/** Tool input as readable text: a command as is, anything else as indented JSON. */
export function formatToolInput(input: unknown): string {
  if (typeof input === 'string') return input;
  if (typeof input === 'object' && input !== null) {
    const record = input as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && typeof record['command'] === 'string') return record['command'];
  }
  try {
    return JSON.stringify(input, null, 2) ?? String(input);
  } catch {
    return String(input);
  }
}
