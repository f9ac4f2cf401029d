// Translates provider-neutral tool steps into the native tool call each CLI expects, using the
// tool list that came with the request.

import path from 'node:path';
import type { Dialect, ToolStep } from './types.js';

export interface OfferedTool {
  name: string;
  /** `custom` = a Responses API freeform tool (Codex apply_patch). */
  type: 'function' | 'custom';
  /** A Responses API namespace the tool sits in (Codex's MCP tools: `mcp__<server>__`). */
  namespace?: string;
}

export interface NativeCall {
  name: string;
  /** JSON arguments, or the raw text of a custom (freeform) tool call. */
  input: Record<string, unknown> | string;
  type: 'function' | 'custom';
  namespace?: string;
}

/** How a tool's name reads to a test: Codex shows `echo` in namespace `mcp__echo` as `mcp__echo__echo`. */
export function qualifiedName(tool: OfferedTool): string {
  return tool.namespace === undefined ? tool.name : `${tool.namespace}__${tool.name}`;
}

export interface ToolContext {
  dialect: Dialect;
  tools: OfferedTool[];
  cwd: string | undefined;
}

function absolute(file: string, cwd: string | undefined): string {
  if (path.isAbsolute(file) || cwd === undefined) return file;
  return path.join(cwd, file);
}

function has(ctx: ToolContext, name: string): OfferedTool | undefined {
  return ctx.tools.find((t) => t.name === name);
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function claudeCall(step: Exclude<ToolStep, { tool: 'raw' }>, cwd: string | undefined): NativeCall {
  switch (step.tool) {
    case 'read':
      return { name: 'Read', type: 'function', input: { file_path: absolute(step.path, cwd) } };
    case 'bash':
      return {
        name: 'Bash',
        type: 'function',
        input: { command: step.command, description: step.description ?? `Run ${step.command}` },
      };
    case 'edit':
      return {
        name: 'Edit',
        type: 'function',
        input: {
          file_path: absolute(step.path, cwd),
          old_string: step.oldString,
          new_string: step.newString,
        },
      };
    case 'write':
      return {
        name: 'Write',
        type: 'function',
        input: { file_path: absolute(step.path, cwd), content: step.content },
      };
  }
}

function opencodeCall(
  step: Exclude<ToolStep, { tool: 'raw' }>,
  cwd: string | undefined,
): NativeCall {
  switch (step.tool) {
    case 'read':
      return { name: 'read', type: 'function', input: { filePath: absolute(step.path, cwd) } };
    case 'bash':
      return {
        name: 'bash',
        type: 'function',
        input: { command: step.command, description: step.description ?? `Run ${step.command}` },
      };
    case 'edit':
      return {
        name: 'edit',
        type: 'function',
        input: {
          filePath: absolute(step.path, cwd),
          oldString: step.oldString,
          newString: step.newString,
        },
      };
    case 'write':
      return {
        name: 'write',
        type: 'function',
        input: { filePath: absolute(step.path, cwd), content: step.content },
      };
  }
}

function lines(text: string): string[] {
  const all = text.split('\n');
  if (all.length > 1 && all[all.length - 1] === '') all.pop();
  return all;
}

/** The apply_patch text for a write/edit step. */
export function patchFor(
  step:
    | { tool: 'write'; path: string; content: string }
    | { tool: 'edit'; path: string; oldString: string; newString: string },
): string {
  const body: string[] = ['*** Begin Patch'];
  if (step.tool === 'write') {
    // Add File also overwrites an existing file (checked with codex 0.171.0).
    body.push(`*** Add File: ${step.path}`, ...lines(step.content).map((l) => `+${l}`));
  } else {
    body.push(`*** Update File: ${step.path}`, '@@');
    body.push(...lines(step.oldString).map((l) => `-${l}`));
    body.push(...lines(step.newString).map((l) => `+${l}`));
  }
  body.push('*** End Patch');
  return `${body.join('\n')}\n`;
}

function codexShell(ctx: ToolContext, command: string): NativeCall {
  if (has(ctx, 'exec_command'))
    return { name: 'exec_command', type: 'function', input: { cmd: command } };
  if (has(ctx, 'shell_command'))
    return { name: 'shell_command', type: 'function', input: { command } };
  return { name: 'shell', type: 'function', input: { command: ['bash', '-lc', command] } };
}

function codexCall(step: Exclude<ToolStep, { tool: 'raw' }>, ctx: ToolContext): NativeCall {
  switch (step.tool) {
    case 'read':
      return codexShell(ctx, `cat ${shellQuote(step.path)}`);
    case 'bash':
      return codexShell(ctx, step.command);
    case 'edit':
    case 'write': {
      const patch = patchFor(step);
      const tool = has(ctx, 'apply_patch');
      if (tool?.type === 'custom') return { name: 'apply_patch', type: 'custom', input: patch };
      if (tool) return { name: 'apply_patch', type: 'function', input: { input: patch } };
      return codexShell(ctx, `apply_patch <<'STUB_PATCH'\n${patch}STUB_PATCH`);
    }
  }
}

/** Guess which CLI sent a request from the tools it offers. */
export function dialectOf(tools: OfferedTool[], userAgent: string | undefined): Dialect {
  const names = new Set(tools.map((t) => t.name));
  if (names.has('Read') || names.has('Bash') || userAgent?.startsWith('claude-cli'))
    return 'claude';
  if (names.has('read') || names.has('bash') || userAgent?.startsWith('opencode'))
    return 'opencode';
  if (names.has('exec_command') || names.has('shell') || userAgent?.startsWith('codex'))
    return 'codex';
  return 'unknown';
}

export function nativeCall(step: ToolStep, ctx: ToolContext): NativeCall {
  if (step.tool === 'raw') {
    const offered = ctx.tools.find((t) => qualifiedName(t) === step.name);
    return {
      name: offered?.name ?? step.name,
      input: step.input,
      type: offered?.type === 'custom' || typeof step.input === 'string' ? 'custom' : 'function',
      ...(offered?.namespace === undefined ? {} : { namespace: offered.namespace }),
    };
  }
  if (ctx.dialect === 'claude') return claudeCall(step, ctx.cwd);
  if (ctx.dialect === 'opencode') return opencodeCall(step, ctx.cwd);
  return codexCall(step, ctx);
}

/** The working directory a CLI announced in its system prompt / environment context. */
export function cwdFromText(text: string): string | undefined {
  const patterns = [
    /<cwd>([^<]+)<\/cwd>/,
    /Primary working directory: ([^\n]+)/,
    /Working directory: ([^\n]+)/,
  ];
  for (const re of patterns) {
    const m = re.exec(text);
    if (m?.[1]) return m[1].trim();
  }
  return undefined;
}
