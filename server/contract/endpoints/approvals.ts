import { AnswerApproval, ApprovalAnswered } from '../approvals.js';
import { defineEndpoints } from './define.js';

const tag = 'Approvals';

export const approvalEndpoints = defineEndpoints({
  answerApproval: {
    method: 'post',
    path: '/api/sessions/:sessionId/approvals/:approvalId',
    tag,
    summary:
      'Answer a tool call the agent waits on: allow, deny (with an optional message for the model) or allow-always',
    body: AnswerApproval,
    response: ApprovalAnswered,
    errors: ['not-found', 'approval-not-pending'],
  },
});
