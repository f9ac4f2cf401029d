import type { Approval } from '@contract';

/**
 * How an approval card shows what the agent wants, read from the tool input each CLI sends:
 * Claude's `Bash {command}` and `Write/Edit {file_path, content | old_string, new_string}`,
 * Codex's `{command}` and `{changes: [{path, diff}]}`, OpenCode's `{command}` and
 * `{filePath, oldString, newString}` or `{diff}`.
 */

type Input = Record<string, unknown>;

const asInput = (value: unknown): Input =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Input) : {};

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The exact command line a command approval would run. */
export function approvalCommand(approval: Approval): string {
  const input = asInput(approval.input);
  const command = input.command ?? input.cmd;
  if (typeof command === 'string') return command;
  if (Array.isArray(command) && command.every((part) => typeof part === 'string'))
    return command.join(' ');
  return approval.description;
}

/** A unified diff of the edit an approval would make, or null when the input holds none. */
export function approvalPatch(approval: Approval): string | null {
  if (approval.kind !== 'edit') return null;
  const input = asInput(approval.input);
  const ready = text(input.diff) ?? text(input.patch);
  if (ready) return ready;
  if (Array.isArray(input.changes)) {
    const diffs = input.changes.map((change) => text(asInput(change).diff)).filter(Boolean);
    if (diffs.length > 0) return diffs.join('\n');
  }
  const file = text(input.file_path) ?? text(input.filePath) ?? text(input.path) ?? 'file';
  const before = text(input.old_string) ?? text(input.oldString);
  const after = text(input.new_string) ?? text(input.newString) ?? text(input.content);
  if (after === null) return null;
  return unifiedDiff(file, before ?? '', after, before === null);
}

/** What "always allow" would cover, for its button: the command's name, else the tool. */
export function alwaysAllowTarget(approval: Approval): string {
  return approval.kind === 'command' && approval.command_name
    ? approval.command_name
    : approval.tool;
}

/** Old lines out, new lines in, as one hunk: enough to read an edit before it happens. */
function unifiedDiff(file: string, before: string, after: string, created: boolean): string {
  const lines = (value: string) => (value === '' ? [] : value.replace(/\n$/, '').split('\n'));
  const removed = lines(before);
  const added = lines(after);
  return [
    `diff --git a/${file} b/${file}`,
    `--- ${created ? '/dev/null' : `a/${file}`}`,
    `+++ b/${file}`,
    `@@ -${removed.length > 0 ? 1 : 0},${removed.length} +${added.length > 0 ? 1 : 0},${added.length} @@`,
    ...removed.map((line) => `-${line}`),
    ...added.map((line) => `+${line}`),
    '',
  ].join('\n');
}
