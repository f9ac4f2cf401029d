import { approvalEndpoints } from './approvals.js';
import { attachmentEndpoints } from './attachments.js';
import { backendEndpoints } from './backends.js';
import { chatEndpoints } from './chat.js';
import { checkpointEndpoints } from './checkpoints.js';
import type { Endpoint } from './define.js';
import { folderEndpoints } from './folders.js';
import { forkEndpoints } from './fork.js';
import { gitEndpoints } from './git.js';
import { mcpEndpoints } from './mcp.js';
import { preferenceEndpoints } from './preferences.js';
import { projectEndpoints } from './projects.js';
import { searchEndpoints } from './search.js';
import { serverEndpoints } from './server.js';
import { sessionEndpoints } from './sessions.js';
import { terminalEndpoints } from './terminals.js';
import { tokenEndpoints } from './token.js';
import { worktreeEndpoints } from './worktrees.js';

export * from './define.js';
export { approvalEndpoints } from './approvals.js';
export { attachmentEndpoints } from './attachments.js';
export { backendEndpoints } from './backends.js';
export { chatEndpoints } from './chat.js';
export { checkpointEndpoints } from './checkpoints.js';
export { folderEndpoints } from './folders.js';
export { forkEndpoints } from './fork.js';
export { gitEndpoints } from './git.js';
export { mcpEndpoints } from './mcp.js';
export { preferenceEndpoints } from './preferences.js';
export { projectEndpoints } from './projects.js';
export { searchEndpoints } from './search.js';
export { Health, OpenApiDocument, serverEndpoints } from './server.js';
export { sessionEndpoints } from './sessions.js';
export { terminalEndpoints } from './terminals.js';
export { tokenEndpoints } from './token.js';
export { worktreeEndpoints } from './worktrees.js';

/**
 * Every endpoint of the API, keyed by operationId. To add one: declare it in its resource's file
 * (copy a neighbour: method, path with `:xxxId` params, tag, summary, query/body/response zod
 * schemas, status if not 200/204, its own error codes), or add a new `<resource>.ts` and spread it
 * here. Then implement it in `server/routes/<resource>.ts` (the server will not compile until you
 * do) and add its route to `renderer/src/api/routes.ts`.
 */
export const ENDPOINTS = {
  ...serverEndpoints,
  ...projectEndpoints,
  ...worktreeEndpoints,
  ...sessionEndpoints,
  ...chatEndpoints,
  ...approvalEndpoints,
  ...preferenceEndpoints,
  ...backendEndpoints,
  ...tokenEndpoints,
  ...terminalEndpoints,
  ...gitEndpoints,
  ...mcpEndpoints,
  ...searchEndpoints,
  ...checkpointEndpoints,
  ...folderEndpoints,
  ...attachmentEndpoints,
  ...forkEndpoints,
} as const satisfies Record<string, Endpoint>;

export type Endpoints = typeof ENDPOINTS;
export type OperationId = keyof Endpoints;
