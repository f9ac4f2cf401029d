import { defineChatScenarios } from './chat-scenarios.js';

defineChatScenarios('codex');
