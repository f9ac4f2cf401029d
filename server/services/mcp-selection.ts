import type { Backend, McpSelection, McpServer } from '../contract/index.js';
import { notFound } from '../errors.js';
import type { McpChoice } from '../store/mcp-store.js';
import type { ServiceContext } from './context.js';
import type { McpRunServers } from '../agents/shared/mcp.js';
import type { McpServersService } from './mcp-servers.js';

/**
 * Which servers are on, per project and per session. Both keep Jean's "known" list: a server
 * added later follows its default (a session: its project's choice) only where nobody has decided
 * about it yet. A session copies its project's set when it is created and keeps its own after.
 */
export class McpSelectionService {
  constructor(
    private readonly context: ServiceContext,
    private readonly servers: McpServersService,
  ) {
    // Kept in step with sessions and projects; a write that fails is logged, the choice then
    // falls back to the project's (a session) or is dropped with it (a project).
    const inBackground = (work: Promise<void>) =>
      work.catch((error: unknown) => context.log(`Grove MCP: ${String(error)}`));
    context.hub.subscribe(({ event, data }) => {
      if (event === 'session-created') {
        void inBackground(this.snapshot(data.session.id, data.session.worktree_id));
      }
      if (event === 'session-deleted') void inBackground(this.forgetSession(data.session_id));
      if (event === 'project-deleted')
        void inBackground(this.servers.removeProject(data.project_id));
    });
  }

  private get mcp() {
    return this.context.store.mcp;
  }

  /** Global servers, then the project's own, which win by name. */
  available(projectId: string): McpServer[] {
    const byName = new Map<string, McpServer>();
    for (const server of this.servers.list()) {
      if (server.scope === 'global') byName.set(server.name, server);
    }
    for (const server of this.servers.list({ project_id: projectId })) {
      byName.set(server.name, server);
    }
    return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  forProject(projectId: string): McpSelection {
    this.requireProject(projectId);
    const servers = this.available(projectId);
    return { servers, enabled: this.projectEnabled(projectId, servers) };
  }

  async setProject(projectId: string, enabled: readonly string[]): Promise<McpSelection> {
    this.requireProject(projectId);
    const servers = this.available(projectId);
    const choice = decided(enabled, servers);
    await this.mcp.update((data) => {
      data.projects[projectId] = choice;
    });
    return { servers, enabled: choice.enabled };
  }

  forSession(sessionId: string): McpSelection {
    const projectId = this.projectOfSession(sessionId);
    const servers = this.available(projectId);
    const fromProject = new Set(this.projectEnabled(projectId, servers));
    const own = this.mcp.data.sessions[sessionId];
    const enabled = servers
      .filter((server) =>
        own?.known.includes(server.name)
          ? own.enabled.includes(server.name)
          : fromProject.has(server.name),
      )
      .map((server) => server.name);
    return { servers, enabled };
  }

  async setSession(sessionId: string, enabled: readonly string[]): Promise<McpSelection> {
    const servers = this.available(this.projectOfSession(sessionId));
    const choice = decided(enabled, servers);
    await this.mcp.update((data) => {
      data.sessions[sessionId] = choice;
    });
    return { servers, enabled: choice.enabled };
  }

  /** The servers a session's next run of `backend` starts, secrets filled in. */
  forRun(sessionId: string, backend: Backend): McpRunServers {
    const { servers, enabled } = this.forSession(sessionId);
    const on = new Set(enabled);
    const forAgent = servers.filter((server) => server.agents.includes(backend));
    return {
      servers: forAgent.filter((server) => on.has(server.name)).map((s) => this.servers.resolve(s)),
      disabled: servers.filter((server) => !on.has(server.name)).map((server) => server.name),
      managed: servers.length > 0,
    };
  }

  private projectEnabled(projectId: string, servers: readonly McpServer[]): string[] {
    const choice = this.mcp.data.projects[projectId];
    const known = new Set(choice?.known ?? []);
    const chosen = new Set(choice?.enabled ?? []);
    return servers
      .filter(
        (server) =>
          chosen.has(server.name) || (!known.has(server.name) && server.enabled_by_default),
      )
      .map((server) => server.name);
  }

  private async snapshot(sessionId: string, worktreeId: string): Promise<void> {
    const projectId = this.projectOfWorktree(worktreeId);
    if (!projectId) return;
    const servers = this.available(projectId);
    // No servers, nothing to copy: a server added later follows the project's choice anyway.
    if (servers.length === 0) return;
    const choice = decided(this.projectEnabled(projectId, servers), servers);
    await this.mcp.update((data) => {
      data.sessions[sessionId] ??= choice;
    });
  }

  private async forgetSession(sessionId: string): Promise<void> {
    if (!(sessionId in this.mcp.data.sessions)) return;
    await this.mcp.update((data) => {
      delete data.sessions[sessionId];
    });
  }

  private requireProject(projectId: string): void {
    if (!this.context.store.projects.some((project) => project.id === projectId)) {
      throw notFound('project', projectId);
    }
  }

  private projectOfSession(sessionId: string): string {
    const session = this.context.store.findSession(sessionId);
    const projectId = session && this.projectOfWorktree(session.worktree_id);
    if (!projectId) throw notFound('session', sessionId);
    return projectId;
  }

  private projectOfWorktree(worktreeId: string): string | undefined {
    return this.context.store.worktrees.find((worktree) => worktree.id === worktreeId)?.project_id;
  }
}

/** A choice made now: `enabled` (names of servers that exist), and every name it has seen. */
function decided(enabled: readonly string[], servers: readonly McpServer[]): McpChoice {
  const on = new Set(enabled);
  return {
    enabled: servers.filter((server) => on.has(server.name)).map((server) => server.name),
    known: servers.map((server) => server.name),
  };
}
