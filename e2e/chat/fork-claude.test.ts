import { defineForkScenarios } from './fork-scenarios.js';

defineForkScenarios('claude');
