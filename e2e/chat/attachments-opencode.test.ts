import { defineAttachmentScenarios } from './attachment-scenarios.js';

defineAttachmentScenarios('opencode');
