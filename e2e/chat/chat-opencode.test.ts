import { defineChatScenarios } from './chat-scenarios.js';

defineChatScenarios('opencode');
