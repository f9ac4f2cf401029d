import path from 'node:path';
import { defineMcpScenarios } from './mcp-scenarios.js';

// Claude keeps its own bookkeeping in this file (first start, ids) on every start.
defineMcpScenarios('claude', (rig) =>
  path.join(rig.agentEnv['CLAUDE_CONFIG_DIR'] ?? '', '.claude.json'),
);
