import { BACKENDS, type Backend } from '../contract/index.js';
import { claudeAdapter } from './claude.js';
import { codexAdapter } from './codex.js';
import { opencodeAdapter } from './opencode.js';
import type { AgentAdapter } from './types.js';

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
