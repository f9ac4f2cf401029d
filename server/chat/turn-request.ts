import type { TurnRequest } from '../agents/shared/types.js';
import type { Attachment, Session } from '../contract/index.js';
import type { ServiceContext } from '../services/context.js';
import type { AgentToolkit } from './types.js';

/** One turn as its session stands: where and how the CLI runs, and what it is sent. */
export interface TurnInput {
  prompt: string;
  attachments: readonly Attachment[];
  cwd: string;
  executable: string;
}

/**
 * What the CLI is asked for one turn: the session's settings and conversation, a fork's plan
 * (its first run forks the source's conversation, or carries the earlier history as context),
 * and the attached files where the store keeps them.
 */
export function turnRequestOf(
  context: ServiceContext,
  toolkit: AgentToolkit,
  session: Session,
  { prompt, attachments, cwd, executable }: TurnInput,
): TurnRequest {
  const fork = session.pending_fork;
  return {
    prompt: fork?.context ? `${fork.context}${prompt}` : prompt,
    forkFrom: fork?.resume_id ?? null,
    forkAt: fork?.resume_at ?? null,
    attachments: attachments.map((attachment) => ({
      ...attachment,
      path: context.store.attachments.pathOf(session.id, attachment.id),
    })),
    cwd,
    mode: session.execution_mode,
    model: session.model,
    thinkingLevel: session.thinking_level,
    resumeId: session.resume_ids[session.backend],
    executable,
    env: { ...process.env, ...toolkit.extraEnv },
    mcp: toolkit.mcpFor(session.id, session.backend),
    runFilesDir: context.store.runLogDir(session.id),
  };
}
