import path from 'node:path';
import { defineMcpScenarios } from './mcp-scenarios.js';

defineMcpScenarios('opencode', (rig) =>
  path.join(rig.agentEnv['XDG_CONFIG_HOME'] ?? '', 'opencode', 'opencode.json'),
);
