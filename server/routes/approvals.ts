import { approvalEndpoints } from '../contract/index.js';
import { implement } from '../http/route.js';
import type { Services } from './services.js';

export const approvalRoutes = ({ chat }: Services) =>
  implement(approvalEndpoints, {
    answerApproval: ({ params, body }) =>
      chat.approvals.answer(params.sessionId, params.approvalId, body.decision, body.message),
  });
