import type { ApprovalDecision } from '@contract';
import { api, ApiError } from '../api/client.js';
import { dropApproval } from '../stores/sessions.js';

/**
 * Answer a tool call the agent waits on. The card leaves when the server's `session-updated`
 * (or `approval-resolved`) arrives, in every window alike; an approval answered elsewhere
 * meanwhile (409) just leaves.
 */
export async function answerApproval(
  sessionId: string,
  approvalId: string,
  decision: ApprovalDecision,
  message?: string,
): Promise<void> {
  try {
    await api.call(
      'answerApproval',
      { sessionId, approvalId },
      message?.trim() ? { decision, message: message.trim() } : { decision },
    );
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 'approval-not-pending')) throw error;
  }
  dropApproval(sessionId, approvalId);
}
