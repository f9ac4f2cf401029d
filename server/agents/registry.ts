import { BACKENDS, type Backend } from '../contract/index.js';
import { claudeAdapter } from './claude/adapter.js';
import { codexAdapter } from './codex/adapter.js';
import { opencodeAdapter } from './opencode/adapter.js';
import type { AgentAdapter } from './shared/types.js';

const ADAPTERS: Record<Backend, AgentAdapter> = {
  claude: claudeAdapter,
  codex: codexAdapter,
  opencode: opencodeAdapter,
};

/** Every adapter, in the contract's backend order. */
export const AGENT_ADAPTERS: readonly AgentAdapter[] = BACKENDS.map((backend) => ADAPTERS[backend]);

export function adapterFor(backend: Backend): AgentAdapter {
  return ADAPTERS[backend];
}
