import type { Approval, ApprovalDecision, Session } from '@contract';
import { lazy, Suspense, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { answerApproval } from '../../actions/approvals.js';
import { alwaysAllowTarget, approvalCommand, approvalPatch } from '../../lib/approval-view.js';
import { BACKEND_LABELS } from '../../lib/format.js';
import { Icon } from '../common/Icon.js';
import { toast } from '../common/Toast.js';

const PatchPreview = lazy(() => import('../changes/PatchPreview.js'));

/**
 * A tool call the agent waits on, where the run stopped: what exactly it would run or change,
 * and the answer. Enter allows and Escape denies while the card has focus; any window may
 * answer, and the card leaves every window when one does.
 */
export function ApprovalCard({ session, approval }: { session: Session; approval: Approval }) {
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const cardRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Ready for Enter or Escape, unless the user is typing somewhere.
    const active = document.activeElement;
    const typing = active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement;
    if (!typing) cardRef.current?.focus();
  }, []);

  const answer = (decision: ApprovalDecision) => {
    if (busy) return;
    setBusy(true);
    answerApproval(session.id, approval.id, decision, decision === 'deny' ? message : undefined)
      .catch(toast.error)
      .finally(() => setBusy(false));
  };
  const onKeyDown = (event: KeyboardEvent) => {
    // A focused button answers Enter itself, with its own decision.
    if (event.key === 'Enter' && !(event.target instanceof HTMLButtonElement)) {
      event.preventDefault();
      // Enter after typing a reason means "send it": never an allow the user did not mean.
      const typedReason = event.target instanceof HTMLInputElement && message.trim() !== '';
      answer(typedReason ? 'deny' : 'allow');
    } else if (event.key === 'Escape') {
      event.preventDefault();
      answer('deny');
    }
  };
  const agent = BACKEND_LABELS[session.backend];
  const target = alwaysAllowTarget(approval);
  const patch = approvalPatch(approval);
  return (
    <div
      ref={cardRef}
      className="card card-approval"
      role="group"
      aria-label={`Approval: ${approval.description || approval.tool}`}
      tabIndex={-1}
      onKeyDown={onKeyDown}
    >
      <Icon name={approval.kind === 'edit' ? 'file' : 'terminal'} />
      <div className="card-text">
        <strong>
          {approval.kind === 'command'
            ? `${agent} wants to run a command`
            : approval.kind === 'edit'
              ? `${agent} wants to change a file`
              : `${agent} wants to use ${approval.tool}`}
        </strong>
        <span className="approval-tool muted"> · {approval.tool}</span>
        {approval.kind === 'edit' && patch ? (
          <Suspense fallback={<pre className="approval-command">{patch}</pre>}>
            <PatchPreview patch={patch} />
          </Suspense>
        ) : (
          <pre className="approval-command">{approvalCommand(approval)}</pre>
        )}
        <input
          className="approval-message"
          type="text"
          value={message}
          placeholder="Why not? (optional; Deny, Escape or Enter here sends it)"
          aria-label="Message for the agent when denying"
          onChange={(event) => setMessage(event.target.value)}
        />
        <div className="card-actions">
          <button
            type="button"
            className="button primary"
            disabled={busy}
            title="Allow this once (Enter)"
            onClick={() => answer('allow')}
          >
            Allow
          </button>
          <button
            type="button"
            className="button"
            disabled={busy}
            title={`Allow ${target} without asking for the rest of this session`}
            onClick={() => answer('allow-always')}
          >
            Always allow {target}
          </button>
          <button
            type="button"
            className="button"
            disabled={busy}
            title="Deny; the agent sees your message (Escape)"
            onClick={() => answer('deny')}
          >
            Deny
          </button>
        </div>
      </div>
    </div>
  );
}
