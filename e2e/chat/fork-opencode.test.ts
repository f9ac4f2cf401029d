import { defineForkScenarios } from './fork-scenarios.js';

defineForkScenarios('opencode');
