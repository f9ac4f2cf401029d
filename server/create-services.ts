import { discoverBackends, resolveExecutable } from './agents/discovery.js';
import { adapterFor } from './agents/registry.js';
import { ChatService } from './chat/chat-service.js';
import { WarmHost } from './chat/warm-host.js';
import type { AgentToolkit } from './chat/types.js';
import type { Services } from './routes/services.js';
import { AttachmentsService } from './services/attachments.js';
import { CheckpointService } from './services/checkpoints.js';
import type { ServiceContext } from './services/context.js';
import { FoldersService } from './services/folders.js';
import { ForkService } from './services/fork.js';
import { McpSelectionService } from './services/mcp-selection.js';
import { McpServersService } from './services/mcp-servers.js';
import { PreferencesService } from './services/preferences.js';
import { ProjectsService } from './services/projects.js';
import { ReviewService } from './services/review.js';
import { SearchService } from './services/search.js';
import { SessionReadsService } from './services/session-reads.js';
import { SessionsService } from './services/sessions.js';
import { ShipService } from './services/ship.js';
import { WorktreeFiles } from './services/worktree-files.js';
import { WorktreesService } from './services/worktrees.js';
import { TerminalService } from './terminals/terminal-service.js';
import { WorktreeScripts } from './terminals/worktree-scripts.js';

/**
 * Every service over one store and hub, wired to each other: deleting a project, worktree or
 * session stops what runs in it, and a turn takes its checkpoints.
 */
export function createServices(
  context: ServiceContext,
  agentEnv: Record<string, string>,
  agentToolkit: AgentToolkit | undefined,
  homeDir: string,
  warmIdleMs: number | undefined,
): Services {
  // Deleting a project, worktree or session first stops the agents running in it.
  let chat: ChatService | null = null;
  let terminals: TerminalService | null = null;
  let scripts: WorktreeScripts | null = null;
  let checkpoints: CheckpointService | null = null;
  const stopSessions = async (ids: readonly string[]) => {
    await chat?.stopSessions(ids);
    await checkpoints?.prune(ids);
  };
  const stopWorktrees = async (ids: readonly string[]) =>
    Promise.all(ids.map((id) => terminals?.removeWorktree(id)));
  const sessionIdsOfWorktree = (worktreeId: string) =>
    context.store.sessionsOf(worktreeId).map((session) => session.id);
  const projects = new ProjectsService(context, async (project) => {
    const worktreeIds = context.store.worktrees
      .filter((worktree) => worktree.project_id === project.id)
      .map((worktree) => worktree.id);
    await stopSessions(worktreeIds.flatMap(sessionIdsOfWorktree));
    await stopWorktrees(worktreeIds);
  });
  const worktrees = new WorktreesService(
    context,
    projects,
    async (worktree) => {
      await stopSessions(sessionIdsOfWorktree(worktree.id));
      await stopWorktrees([worktree.id]);
    },
    {
      afterCreate: async (worktree) => (await scripts?.setUp(worktree)) ?? worktree,
      beforeRemove: async (worktree, { force }) => scripts?.tearDown(worktree, force),
    },
  );
  terminals = new TerminalService(context, (id) => worktrees.get(id));
  scripts = new WorktreeScripts(context, terminals, (id, setup) =>
    worktrees.recordSetup(id, setup),
  );
  const sessions = new SessionsService(context, worktrees, (session) => stopSessions([session.id]));
  const preferences = new PreferencesService(context);
  const mcpServers = new McpServersService(context);
  const mcp = { servers: mcpServers, selection: new McpSelectionService(context, mcpServers) };
  checkpoints = new CheckpointService(context, sessions, worktrees, (id) => chat!.isRunning(id));
  const turnCheckpoints = checkpoints;
  chat = new ChatService(
    context,
    sessions,
    worktrees,
    agentToolkit ?? {
      adapterFor,
      resolveExecutable: (backend, configuredPath) =>
        resolveExecutable(backend, configuredPath, { ...process.env, ...agentEnv }),
      extraEnv: agentEnv,
      mcpFor: (sessionId, backend) => mcp.selection.forRun(sessionId, backend),
    },
    {
      beforeTurn: (sessionId, runId) => turnCheckpoints.take(sessionId, runId, 'before'),
      afterTurn: (sessionId, runId) => turnCheckpoints.take(sessionId, runId, 'after'),
    },
    new WarmHost(context, warmIdleMs),
  );
  const backends = {
    list: () => discoverBackends(preferences.get().cli_paths),
  };
  const review = new ReviewService(context);
  const attachments = new AttachmentsService(context, sessions);
  const ship = new ShipService(context, review, () => ({ ...process.env, ...agentEnv }));
  return {
    projects,
    worktrees,
    sessions,
    sessionReads: new SessionReadsService(context, sessions, worktrees),
    preferences,
    chat,
    backends,
    terminals,
    scripts,
    review,
    ship,
    mcp,
    search: new SearchService(context),
    worktreeFiles: new WorktreeFiles(context, worktrees),
    checkpoints,
    folders: new FoldersService(homeDir),
    attachments,
    fork: new ForkService(context, sessions, checkpoints, (id) => chat!.isRunning(id)),
  };
}
