import { defineApprovalScenarios } from './approval-scenarios.js';

defineApprovalScenarios('codex');
