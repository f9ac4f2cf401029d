import type { Session } from '@contract';
import { useEffect, useState } from 'react';
import { approvePlan, removeQueued } from '../../actions/chat.js';
import { BACKEND_LABELS } from '../../lib/format.js';
import { describeRunError } from '../../lib/plain-errors.js';
import { isBusy } from '../../lib/session-status.js';
import { shortcutLabel } from '../../lib/shortcuts.js';
import { bucketOf, dismissRunError, useMessagesStore } from '../../stores/messages.js';
import { useUiStore } from '../../stores/ui.js';
import { Icon, Spinner } from '../common/Icon.js';
import { toast } from '../common/Toast.js';
import { ApprovalCard } from './ApprovalCard.js';

/**
 * What sits between the conversation and the composer, right under where the run stopped:
 * errors, tool calls waiting for approval, the plan card, the queue, progress.
 */
export function RunPanel({ session }: { session: Session }) {
  return (
    <div className="run-panel">
      <RunErrorCard session={session} />
      {session.pending_approvals.map((approval) => (
        <ApprovalCard key={approval.id} session={session} approval={approval} />
      ))}
      {session.awaiting_plan_approval ? <PlanCard session={session} /> : null}
      {session.queue.length > 0 ? <QueueList session={session} /> : null}
      {isBusy(session) ? (
        // Each run mounts its own indicator: nothing carries over from the run before.
        <RunningIndicator key={session.run_started_at_ms ?? 'starting'} session={session} />
      ) : null}
    </div>
  );
}

function RunErrorCard({ session }: { session: Session }) {
  const runError = useMessagesStore((s) => bucketOf(s, session.id).runError);
  const openDialog = useUiStore((s) => s.openDialog);
  if (!runError) return null;
  const plain = describeRunError(runError.code, runError.message, session.backend);
  return (
    <div className="card card-error" role="alert">
      <Icon name="alert" />
      <div className="card-text">
        <strong>{plain.title}</strong>
        <p className="card-detail">{plain.detail}</p>
      </div>
      <div className="card-actions">
        {plain.action === 'open-settings' ? (
          <button type="button" className="button" onClick={() => openDialog({ kind: 'settings' })}>
            Open settings
          </button>
        ) : null}
        <button type="button" className="text-button" onClick={() => dismissRunError(session.id)}>
          Dismiss
        </button>
      </div>
    </div>
  );
}

function PlanCard({ session }: { session: Session }) {
  const [busy, setBusy] = useState(false);
  const approve = (mode: 'build' | 'yolo') => {
    setBusy(true);
    approvePlan(session.id, mode)
      .catch(toast.error)
      .finally(() => setBusy(false));
  };
  return (
    <div className="card card-plan" role="region" aria-label="Plan waiting for approval">
      <Icon name="check" />
      <div className="card-text">
        <strong>The plan is ready</strong>
        <p className="card-detail">
          Approve it and {BACKEND_LABELS[session.backend]} carries it out in this worktree. Or reply
          below to change it.
        </p>
      </div>
      <div className="card-actions">
        <button
          type="button"
          className="button primary"
          disabled={busy}
          title={`Switch to build mode and carry out the plan (${shortcutLabel('approve-plan')})`}
          onClick={() => approve('build')}
        >
          Approve plan
        </button>
        <button
          type="button"
          className="button"
          disabled={busy}
          title="Carry out the plan with every permission prompt bypassed"
          onClick={() => approve('yolo')}
        >
          Approve in YOLO mode
        </button>
      </div>
    </div>
  );
}

function QueueList({ session }: { session: Session }) {
  return (
    <section className="queue" aria-label="Queued messages">
      <div className="queue-label">Queued — sent when the current run ends</div>
      <ul>
        {session.queue.map((item) => (
          <li key={item.id} className="queue-item">
            <span className="queue-text">{item.content}</span>
            <button
              type="button"
              className="icon-button"
              aria-label="Remove queued message"
              title="Remove from the queue"
              onClick={() => void removeQueued(session.id, item.id).catch(toast.error)}
            >
              <Icon name="close" size={14} />
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function RunningIndicator({ session }: { session: Session }) {
  // The server's start time: a reload or a second window shows the same count, and each queued
  // run counts from its own start.
  const startedAt = session.run_started_at_ms ?? null;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const seconds = startedAt === null ? 0 : Math.max(0, Math.floor((now - startedAt) / 1000));
  return (
    <div className="running" role="status">
      <Spinner />
      <span>
        {session.status === 'queued' || startedAt === null
          ? 'Starting…'
          : session.status === 'awaiting_approval'
            ? `${BACKEND_LABELS[session.backend]} waits for your answer`
            : `${BACKEND_LABELS[session.backend]} is working`}
        {startedAt === null ? null : (
          <span className="muted">
            {' '}
            · {seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`}
          </span>
        )}
      </span>
    </div>
  );
}
