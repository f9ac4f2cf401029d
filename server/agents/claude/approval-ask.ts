import path from 'node:path';
import type { ToolPermissionRequest } from './control.js';
import { stringAt } from '../shared/json.js';
import type { ApprovalAsk } from '../shared/types.js';

/** Claude Code's tools that change files; every other tool but Bash is `other`. */
const EDIT_TOOLS = new Set(['Write', 'Edit', 'MultiEdit', 'NotebookEdit']);

/** A `can_use_tool` question in Grove's terms. `cwd` shortens paths inside the worktree. */
export function approvalAsk(request: ToolPermissionRequest, cwd: string): ApprovalAsk {
  const { toolName: tool, input } = request;
  if (tool === 'Bash') {
    const command = stringAt(input['command']) ?? '';
    return {
      tool,
      kind: 'command',
      input,
      description: command,
      commandName: commandName(command),
    };
  }
  if (EDIT_TOOLS.has(tool)) {
    const file = editedFile(input);
    const description = file === undefined ? tool : `Edit ${shownPath(file, cwd)}`;
    return { tool, kind: 'edit', input, description, commandName: null };
  }
  return {
    tool,
    kind: 'other',
    input,
    description: request.description ?? tool,
    commandName: null,
  };
}

export function isEditTool(tool: string): boolean {
  return EDIT_TOOLS.has(tool);
}

/** The file an edit tool changes (NotebookEdit names it `notebook_path`). */
export function editedFile(input: Record<string, unknown>): string | undefined {
  return stringAt(input['file_path']) ?? stringAt(input['notebook_path']);
}

/** A path inside the worktree is shown relative to it; any other as given. */
function shownPath(file: string, cwd: string): string {
  return relativeInside(cwd, path.resolve(cwd, file)) ?? file;
}

/** `file` relative to `dir` when it lies inside it, else null. */
export function relativeInside(dir: string, file: string): string | null {
  const relative = path.relative(dir, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)
    ? relative
    : null;
}

const ENV_ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/**
 * The program a command line runs, for allow-always: its first word after any leading
 * `NAME=value` assignments (`CI=1 npm test` → `npm`). Null when there is none.
 */
export function commandName(command: string): string | null {
  for (const word of leadingWords(command)) {
    if (!ENV_ASSIGNMENT.test(word)) return word;
  }
  return null;
}

/** Shell words from the start of a command line up to its first operator, quotes removed. */
function leadingWords(command: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let index = 0; index < command.length; index++) {
    const char = command[index] ?? '';
    if (quote) {
      if (char === quote) quote = null;
      else if (char === '\\' && quote === '"' && index + 1 < command.length)
        word += command[++index];
      else word += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
    } else if (char === '\\' && index + 1 < command.length) {
      word += command[++index];
      inWord = true;
    } else if (/\s/.test(char) || ';&|<>()'.includes(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      // An operator ends the first simple command: what follows is another program.
      if (!/\s/.test(char)) return words;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}
