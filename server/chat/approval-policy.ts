import type { ApprovalAsk } from '../agents/shared/types.js';
import type { ApprovalRule, ExecutionMode } from '../contract/index.js';

/** What Grove does with a CLI's permission question before any person sees it. */
export type PolicyVerdict = { type: 'allow' } | { type: 'deny'; message: string } | { type: 'ask' };

export const PLAN_MODE_DENIAL =
  'Grove denied this: the session is in plan mode, which is read-only. Do not change files or run commands; finish with a plan for the user to approve.';

/**
 * The session's mode first: `plan` changes nothing (the CLIs ask only for tools that could
 * write, so every ask is denied, even one the CLI itself would allow), `yolo` allows all, and
 * `build` allows edits. Then the allow-always rules; whatever is left, the user decides.
 */
export function judgeAsk(
  mode: ExecutionMode,
  rules: readonly ApprovalRule[],
  ask: ApprovalAsk,
): PolicyVerdict {
  if (mode === 'plan') return { type: 'deny', message: PLAN_MODE_DENIAL };
  if (mode === 'yolo' || ask.kind === 'edit') return { type: 'allow' };
  if (rules.some((rule) => ruleCovers(rule, ask))) return { type: 'allow' };
  return { type: 'ask' };
}

/** The rule "always allow" adds for an ask: its command's name for commands, else its tool. */
export function ruleFor(ask: Pick<ApprovalAsk, 'tool' | 'kind' | 'commandName'>): ApprovalRule {
  return {
    tool: ask.tool,
    command_name: ask.kind === 'command' ? ask.commandName : null,
  };
}

function ruleCovers(rule: ApprovalRule, ask: ApprovalAsk): boolean {
  if (rule.tool !== ask.tool) return false;
  return rule.command_name === null || rule.command_name === ask.commandName;
}

/** Adds `rule` unless the session has it already. */
export function withRule(rules: readonly ApprovalRule[], rule: ApprovalRule): ApprovalRule[] {
  const known = rules.some(
    (item) => item.tool === rule.tool && item.command_name === rule.command_name,
  );
  return known ? [...rules] : [...rules, rule];
}
