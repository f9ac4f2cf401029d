import { homedir } from 'node:os';
import path from 'node:path';
import { relativeInside } from './approval-ask.js';
import { objectAt, stringAt } from '../shared/json.js';
import type { TurnRequest } from '../shared/types.js';

// Plan mode asks the model to write its plan to `~/.claude/plans/<slug>.md` and then call
// ExitPlanMode, whose input in 2.1.197 has no plan: the plan file is usually the only place the
// plan lives. (Older captures come from `claude -p` without a permission tool, where ExitPlanMode
// was refused as "not enabled in this context".)
const PLAN_FILE = /[/\\]\.claude[/\\]plans[/\\][^/\\]+\.md$/;

/**
 * Whether `file` is a plan file of the CLI itself: a Markdown file in its config dir's `plans/`
 * (`$CLAUDE_CONFIG_DIR` or `~/.claude`), outside the worktree. In plan mode the CLI asks before
 * writing one (a "sensitive file"); writing it changes nothing the user works on.
 */
export function isOwnPlanFile(file: string, request: TurnRequest): boolean {
  const { env, cwd } = request;
  const configDir = env['CLAUDE_CONFIG_DIR'] || path.join(env['HOME'] || homedir(), '.claude');
  const resolved = path.resolve(cwd, file);
  return (
    path.dirname(resolved) === path.join(path.resolve(configDir), 'plans') &&
    resolved.endsWith('.md') &&
    relativeInside(path.resolve(cwd), resolved) === null
  );
}

interface PendingPlanChange {
  path: string;
  /** The file's new content given its content before the change. */
  apply: (before: string) => string;
}

/** Follows one run's ExitPlanMode call and plan-file writes to find the plan it ended with. */
export class ClaudePlanTracker {
  private exitPlanCalled = false;
  private exitPlanText: string | null = null;
  private planFile: { path: string; content: string } | null = null;
  private readonly pending = new Map<string, PendingPlanChange>();

  onToolUse(id: string, name: string, input: unknown): void {
    const args = objectAt(input);
    if (name === 'ExitPlanMode') {
      this.exitPlanCalled = true;
      const plan = stringAt(args?.['plan']);
      if (plan?.trim()) this.exitPlanText = plan;
      return;
    }
    const path = stringAt(args?.['file_path']);
    if (!args || !path || !PLAN_FILE.test(path)) return;
    if (name === 'Write') {
      const content = stringAt(args['content']);
      if (content !== undefined) this.pending.set(id, { path, apply: () => content });
    } else if (name === 'Edit') {
      const oldText = stringAt(args['old_string']);
      const newText = stringAt(args['new_string']);
      if (oldText === undefined || newText === undefined) return;
      const everywhere = args['replace_all'] === true;
      this.pending.set(id, {
        path,
        apply: (before) =>
          everywhere ? before.split(oldText).join(newText) : before.replace(oldText, () => newText),
      });
    }
  }

  /** `structured` is the line's `tool_use_result`: Edit puts the file's previous text there. */
  onToolResult(toolUseId: string, isError: boolean, structured: unknown): void {
    const change = this.pending.get(toolUseId);
    if (!change) return;
    this.pending.delete(toolUseId);
    if (isError) return;
    const known = this.planFile?.path === change.path ? this.planFile.content : undefined;
    const before = stringAt(objectAt(structured)?.['originalFile']) ?? known ?? '';
    this.planFile = { path: change.path, content: change.apply(before) };
  }

  /** The plan the run ended with, or null when it did not plan. */
  planText(finalText: string | undefined): string | null {
    if (this.exitPlanText !== null) return this.exitPlanText;
    if (this.planFile?.content.trim()) return this.planFile.content;
    // ExitPlanMode without a plan we could see: the closing text is the best stand-in.
    if (this.exitPlanCalled && finalText?.trim()) return finalText;
    return null;
  }
}
