import type { PermissionRule } from '@opencode-ai/sdk/v2/types';
import type { ExecutionMode } from '../../contract/index.js';
import type { ServeClient } from './client.js';

const rule = (permission: string, action: PermissionRule['action']): PermissionRule => ({
  permission,
  pattern: '*',
  action,
});

/**
 * `opencode run` denies these in a new session because nobody is there to answer them; Grove's
 * turns are just as unattended.
 */
const UNATTENDED_RULES = ['question', 'plan_enter', 'plan_exit'].map((name) => rule(name, 'deny'));

/**
 * The mode's rules, kept by the session so that one server serves every mode. OpenCode (1.18.33,
 * tested with the real CLI) checks the agent's rules, with the user's config appended to them
 * (`OPENCODE_PERMISSION`, config files), then the session's, and the last match wins: these beat
 * a user's global `ask` or `allow` (e2e/chat/warm-opencode.test.ts). Whatever still asks goes to
 * the chat layer (serve-driver.ts), which decides by the mode.
 * - plan: the `plan` agent denies edits except to `.opencode/plans/*.md`, but allows bash, so edit
 *   and bash are denied outright (the tools are then not offered): reading goes through read /
 *   grep / glob / list.
 * - build: the `build` agent, with edits allowed so a user config of `ask` cannot block them, and
 *   every shell command asked.
 * - yolo: the `build` agent as it is (edits and bash allowed); what the user's config asks about
 *   Grove allows, and explicit denials in it still hold.
 */
const MODE_RULES: Record<ExecutionMode, PermissionRule[]> = {
  plan: [rule('edit', 'deny'), rule('bash', 'deny')],
  build: [rule('edit', 'allow'), rule('bash', 'ask')],
  yolo: [],
};

/** The agent each mode prompts (yolo is build without Grove's rules). */
export const MODE_AGENT: Record<ExecutionMode, string> = {
  plan: 'plan',
  build: 'build',
  yolo: 'build',
};

/**
 * Which mode's rules each session carries, as far as Grove has set them since it started (one
 * record for all of a launcher's servers: the rules are kept with the session). `PATCH
 * /session/:id {permission}` appends to the session's rules (it never replaces them) and applies
 * from the next prompt, so a session is patched only when its mode may have changed: a session
 * not created since Grove started (resumed after a restart, or forked) or whose mode changed
 * since its last turn.
 */
export class SessionModes {
  private readonly applied = new Map<string, ExecutionMode>();

  /** A new session for a turn in `mode`, with that mode's rules from the start. */
  async create(client: ServeClient, mode: ExecutionMode): Promise<string> {
    const sessionId = await client.createSession([...UNATTENDED_RULES, ...MODE_RULES[mode]]);
    this.applied.set(sessionId, mode);
    return sessionId;
  }

  /** Before a prompt to an existing session: its rules become `mode`'s unless they already are. */
  async apply(client: ServeClient, sessionId: string, mode: ExecutionMode): Promise<void> {
    if (this.applied.get(sessionId) === mode) return;
    // Yolo adds no rules of its own, but must undo an earlier mode's: the agent's own rules
    // (the user's config included) appended again win over whatever the session had.
    const agentRules = mode === 'yolo' ? await client.agentPermission(MODE_AGENT[mode]) : [];
    await client.setPermission(sessionId, [
      ...agentRules,
      ...UNATTENDED_RULES,
      ...MODE_RULES[mode],
    ]);
    this.applied.set(sessionId, mode);
  }
}
