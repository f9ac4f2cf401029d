import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { discoverBackends, resolveExecutable } from './agents/discovery.js';
import { adapterFor } from './agents/registry.js';
import { ChatService } from './chat/chat-service.js';
import { recoverInterruptedRuns } from './chat/recovery.js';
import { backfillUsageTotals } from './chat/usage-total.js';
import { WarmHost } from './chat/warm-host.js';
import type { AgentToolkit } from './chat/types.js';
import { EventHub } from './events/hub.js';
import { createApp, type ApiHandlers } from './http/app.js';
import { createRequestGuard } from './http/security.js';
import { backendRoutes } from './routes/backends.js';
import { approvalRoutes } from './routes/approvals.js';
import { attachmentRoutes } from './routes/attachments.js';
import { forkRoutes } from './routes/fork.js';
import { chatRoutes } from './routes/chat.js';
import { checkpointRoutes } from './routes/checkpoints.js';
import { folderRoutes } from './routes/folders.js';
import { gitRoutes } from './routes/git.js';
import { mcpRoutes } from './routes/mcp.js';
import { preferenceRoutes } from './routes/preferences.js';
import { projectRoutes } from './routes/projects.js';
import { searchRoutes } from './routes/search.js';
import type { Services } from './routes/services.js';
import { sessionRoutes } from './routes/sessions.js';
import { tokenRoutes } from './routes/token.js';
import { worktreeRoutes } from './routes/worktrees.js';
import { CheckpointService } from './services/checkpoints.js';
import { AttachmentsService } from './services/attachments.js';
import { ForkService } from './services/fork.js';
import type { ServiceContext } from './services/context.js';
import { FoldersService } from './services/folders.js';
import { GitStatusWatcher } from './services/git-status-watcher.js';
import { McpSelectionService } from './services/mcp-selection.js';
import { McpServersService } from './services/mcp-servers.js';
import { PreferencesService } from './services/preferences.js';
import { ProjectsService } from './services/projects.js';
import { ReviewService } from './services/review.js';
import { SessionReadsService } from './services/session-reads.js';
import { SearchService } from './services/search.js';
import { SessionsService } from './services/sessions.js';
import { ShipService } from './services/ship.js';
import { WorktreeFiles } from './services/worktree-files.js';
import { WorktreesService } from './services/worktrees.js';
import type { SecretCipher } from './store/mcp-store.js';
import { Store } from './store/store.js';
import { terminalRoutes } from './routes/terminals.js';
import { TerminalService } from './terminals/terminal-service.js';
import { terminalSocketEndpoint } from './terminals/terminal-socket.js';
import { WorktreeScripts } from './terminals/worktree-scripts.js';
import { regenerateToken, resolveToken, tokenFile } from './token.js';
import { GROVE_VERSION } from './version.js';
import { homeFolder } from './paths.js';
import { attachSocketServer } from './ws/socket-server.js';

export interface ServerOptions {
  port: number;
  host?: string;
  dataDir: string;
  token?: string;
  /** Extra host names the server may be addressed by (for example a dev box's name). */
  allowedHosts?: readonly string[];
  rendererDir?: string | null;
  /** Extra environment for agent CLIs, on top of the server's own (tests point them at a stub model). */
  agentEnv?: Record<string, string>;
  /** How agent CLIs are found and driven; tests put a scripted one in the CLI's place. */
  agentToolkit?: AgentToolkit;
  /** The folder the add-project completion may list (the user's home unless a test sets one). */
  homeDir?: string;
  log?: (message: string) => void;
  /** Seals MCP secrets with the OS keychain (the desktop app's safeStorage). */
  secretCipher?: SecretCipher | null;
  /** How often every WebSocket is pinged (a client that missed a ping is dropped); tests shorten it. */
  heartbeatMs?: number;
  /** How long an agent process kept warm between turns outlives its last turn; tests shorten it. */
  warmIdleMs?: number;
}

export interface GroveServer {
  url: string;
  host: string;
  port: number;
  /** The current API token (it changes when the user regenerates it). */
  readonly token: string;
  tokenFile: string;
  services: Services;
  hub: EventHub;
  close(): Promise<void>;
}

export class PortInUseError extends Error {
  override name = 'PortInUseError';
}

/** Start Grove's API (Express + ws on one port) over the data dir; resolves once listening. */
export async function createServer(options: ServerOptions): Promise<GroveServer> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? ((message: string) => console.error(message));
  const store = await Store.open({
    dataDir: options.dataDir,
    log,
    secretCipher: options.secretCipher ?? null,
  });
  try {
    let token = await resolveToken(store.dataDir, options.token);
    const hub = new EventHub();
    const context: ServiceContext = { store, hub, log };
    const services = createServices(
      context,
      options.agentEnv ?? {},
      options.agentToolkit,
      options.homeDir ?? homeFolder(),
      options.warmIdleMs,
    );
    let port = options.port;
    let sockets: ReturnType<typeof attachSocketServer> | null = null;
    const guard = createRequestGuard({ host, port: () => port, token, ...optionalHosts(options) });
    const handlers: ApiHandlers = {
      ...projectRoutes(services),
      ...worktreeRoutes(services),
      ...sessionRoutes(services),
      ...chatRoutes(services),
      ...approvalRoutes(services),
      ...preferenceRoutes(services),
      ...backendRoutes(services),
      ...terminalRoutes(services),
      ...gitRoutes(services),
      ...mcpRoutes(services),
      ...searchRoutes(services),
      ...checkpointRoutes(services),
      ...folderRoutes(services),
      ...attachmentRoutes(services),
      ...forkRoutes(services),
      ...tokenRoutes({
        async regenerate() {
          token = await regenerateToken(store.dataDir);
          guard.setToken(token);
          sockets?.disconnectAll('The API token was regenerated; reconnect with the new one.');
          return { token };
        },
      }),
    };
    const app = createApp({
      guard,
      handlers,
      version: GROVE_VERSION,
      rendererDir: options.rendererDir ?? null,
      log,
      // The unit-test runner sets this so every response of every test is checked.
      checkResponses: process.env.GROVE_CHECK_RESPONSES === '1',
    });
    // Slowloris: a client that trickles its headers is cut off after 10 s (checked every 2 s),
    // not after Node's defaults of 60 s and 30 s.
    const http = createHttpServer({ connectionsCheckingInterval: 2_000 }, app);
    http.headersTimeout = 10_000;
    http.requestTimeout = 60_000;
    sockets = attachSocketServer(http, {
      hub,
      guard,
      ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
      endpoints: [terminalSocketEndpoint(services.terminals, options.heartbeatMs)],
    });
    const watcher = new GitStatusWatcher(
      context,
      (worktreeId) => services.review.readStatusOf(worktreeId),
      () => (sockets?.clientCount() ?? 0) > 0,
    );
    services.review.attachWatcher(watcher);
    watcher.start();
    // Before taking requests, so recovery never races a new message nor a run's end a count.
    await backfillUsageTotals(store, log);
    await recoverInterruptedRuns(context, services.sessions, services.chat);
    await services.scripts.recoverInterruptedSetups();
    port = await listen(http, options.port, host);
    // Seconds for a large index: read once the server answers, not before.
    store.loadSearchIndex();
    const urlHost = host.includes(':') ? `[${host}]` : host;
    return {
      url: `http://${urlHost}:${port}`,
      host,
      port,
      get token() {
        return token;
      },
      tokenFile: tokenFile(store.dataDir),
      services,
      hub,
      async close() {
        watcher.stop();
        await Promise.all([services.chat.shutdown(), services.terminals.shutdown()]);
        await sockets?.close();
        await new Promise<void>((resolve) => {
          http.close(() => resolve());
          http.closeAllConnections();
        });
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}

function createServices(
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

function optionalHosts(options: ServerOptions): { allowedHosts?: readonly string[] } {
  return options.allowedHosts ? { allowedHosts: options.allowedHosts } : {};
}

function listen(http: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      http.off('listening', onListening);
      reject(
        error.code === 'EADDRINUSE'
          ? new PortInUseError(
              `Port ${port} on ${host} is already in use; pass --port with a free port (or 0).`,
            )
          : error,
      );
    };
    const onListening = () => {
      http.off('error', onError);
      resolve((http.address() as AddressInfo).port);
    };
    http.once('error', onError);
    http.once('listening', onListening);
    http.listen(port, host);
  });
}
