import { z } from 'zod';
import {
  CreateMcpServer,
  ListMcpServersQuery,
  McpSelection,
  McpServer,
  McpTestResult,
  UpdateMcpServer,
  UpdateMcpSelection,
} from '../mcp.js';
import { defineEndpoints } from './define.js';

const tag = 'MCP';

export const mcpEndpoints = defineEndpoints({
  listMcpServers: {
    method: 'get',
    path: '/api/mcp/servers',
    tag,
    summary: 'List MCP servers, global and per project (secret values show as {"set": true})',
    query: ListMcpServersQuery,
    response: z.array(McpServer),
    errors: [],
  },
  createMcpServer: {
    method: 'post',
    path: '/api/mcp/servers',
    tag,
    summary: 'Add an MCP server, global or for one project; secrets go in as {"secret": "…"}',
    body: CreateMcpServer,
    response: McpServer,
    status: 201,
    errors: ['not-found', 'already-exists'],
  },
  updateMcpServer: {
    method: 'patch',
    path: '/api/mcp/servers/:serverId',
    tag,
    summary: 'Change an MCP server; {"set": true} keeps a stored secret',
    body: UpdateMcpServer,
    response: McpServer,
    errors: ['not-found', 'already-exists'],
  },
  deleteMcpServer: {
    method: 'delete',
    path: '/api/mcp/servers/:serverId',
    tag,
    summary: 'Remove an MCP server and its secrets',
    errors: ['not-found'],
  },
  testMcpServer: {
    method: 'post',
    path: '/api/mcp/servers/:serverId/test',
    tag,
    summary: 'Connect to an MCP server as a CLI would and list its tools',
    optionalBody: true,
    response: McpTestResult,
    errors: ['not-found'],
  },
  getProjectMcp: {
    method: 'get',
    path: '/api/projects/:projectId/mcp',
    tag,
    summary: 'The MCP servers a project can use (its own win by name) and which are on',
    response: McpSelection,
    errors: ['not-found'],
  },
  setProjectMcp: {
    method: 'put',
    path: '/api/projects/:projectId/mcp',
    tag,
    summary: "Choose which MCP servers are on in a project's new sessions",
    body: UpdateMcpSelection,
    response: McpSelection,
    errors: ['not-found'],
  },
  getSessionMcp: {
    method: 'get',
    path: '/api/sessions/:sessionId/mcp',
    tag,
    summary: 'The MCP servers a session can use and which are on (copied from its project)',
    response: McpSelection,
    errors: ['not-found'],
  },
  setSessionMcp: {
    method: 'put',
    path: '/api/sessions/:sessionId/mcp',
    tag,
    summary: "Choose which MCP servers a session's next runs start",
    body: UpdateMcpSelection,
    response: McpSelection,
    errors: ['not-found'],
  },
});
