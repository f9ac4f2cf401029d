import { homedir } from 'node:os';
import { mcpEndpoints } from '../contract/index.js';
import { implement } from '../http/route.js';
import type { Services } from './services.js';

export const mcpRoutes = ({ mcp, projects }: Services) =>
  implement(mcpEndpoints, {
    listMcpServers: ({ query }) => mcp.servers.list(query),
    createMcpServer: ({ body }) => mcp.servers.create(body),
    updateMcpServer: ({ params, body }) => mcp.servers.update(params.serverId, body),
    deleteMcpServer: ({ params }) => mcp.servers.remove(params.serverId),
    testMcpServer: async ({ params }) => {
      const server = mcp.servers.get(params.serverId);
      // A stdio server without its own folder starts where a session of its project would.
      const cwd = server.project_id ? projects.get(server.project_id).path : homedir();
      // The MCP SDK is the heaviest module Grove has: loaded on the first test, not at start.
      const { testMcpServer } = await import('../services/mcp-test.js');
      return testMcpServer(mcp.servers.resolve(server), { cwd });
    },
    getProjectMcp: ({ params }) => mcp.selection.forProject(params.projectId),
    setProjectMcp: ({ params, body }) => mcp.selection.setProject(params.projectId, body.enabled),
    getSessionMcp: ({ params }) => mcp.selection.forSession(params.sessionId),
    setSessionMcp: ({ params, body }) => mcp.selection.setSession(params.sessionId, body.enabled),
  });
