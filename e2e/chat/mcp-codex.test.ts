import path from 'node:path';
import { defineMcpScenarios } from './mcp-scenarios.js';

defineMcpScenarios('codex', (rig) => path.join(rig.agentEnv['CODEX_HOME'] ?? '', 'config.toml'));
