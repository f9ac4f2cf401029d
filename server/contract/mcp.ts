import { z } from 'zod';
import { Backend, Id, PathText, PlainText, Timestamp } from './common.js';

/** A server's name is part of its tools' names (`mcp__echo__echo`), so only what every CLI accepts. */
export const McpServerName = z
  .string()
  .regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, "-" or "_"')
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters');

export const McpTransport = z.enum(['stdio', 'http', 'sse']);
export type McpTransport = z.infer<typeof McpTransport>;

export const McpScope = z.enum(['global', 'project']);
export type McpScope = z.infer<typeof McpScope>;

/** `ask`: its tools go through the approvals flow; `allow`: they run without asking. */
export const McpToolApproval = z.enum(['ask', 'allow']);

const EnvName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name')
  .max(128);
const HeaderName = z
  .string()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be an HTTP header name')
  .max(128);
const PlainValue = PlainText(8192);

/** A secret as the API shows it: that it is set, never its value. */
export const SecretSet = z.strictObject({ set: z.literal(true) }).meta({ id: 'McpSecretSet' });

/**
 * A value as a client sends it: plain text, `{secret}` for a value Grove must keep private, or
 * `{set: true}` to keep the secret already stored (so a server read back can be sent back).
 */
export const McpValueInput = z.union([
  PlainValue,
  z.strictObject({ secret: PlainValue.min(1, 'must not be empty') }),
  SecretSet,
]);
export type McpValueInput = z.infer<typeof McpValueInput>;

const McpValue = z.union([z.string(), SecretSet]);

export const McpServer = z
  .object({
    id: Id,
    name: McpServerName,
    scope: McpScope,
    /** The project a `project` server belongs to; null for a global one. */
    project_id: Id.nullable(),
    transport: McpTransport,
    /** stdio: the program to start, its arguments and the folder it starts in (null: the worktree). */
    command: z.string().nullable(),
    args: z.array(z.string()),
    cwd: z.string().nullable(),
    /** http and sse: where the server listens. */
    url: z.string().nullable(),
    env: z.record(z.string(), McpValue),
    headers: z.record(z.string(), McpValue),
    /** Switched on in projects and sessions that have not decided about it yet. */
    enabled_by_default: z.boolean(),
    /** The CLIs that get it. */
    agents: z.array(Backend),
    tool_approval: McpToolApproval,
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'McpServer' });
export type McpServer = z.infer<typeof McpServer>;

const McpServerFields = {
  name: McpServerName,
  transport: McpTransport,
  command: PlainText(4096).min(1, 'must not be empty').nullable(),
  args: z.array(PlainValue).max(200),
  cwd: PathText.nullable(),
  url: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .max(4096)
    .nullable(),
  env: z.record(EnvName, McpValueInput),
  headers: z.record(HeaderName, McpValueInput),
  enabled_by_default: z.boolean(),
  agents: z.array(Backend).min(1, 'must name at least one agent'),
  tool_approval: McpToolApproval,
};

export const CreateMcpServer = z
  .strictObject({
    ...McpServerFields,
    scope: McpScope.default('global'),
    project_id: Id.nullable().default(null),
    command: McpServerFields.command.default(null),
    args: McpServerFields.args.default([]),
    cwd: McpServerFields.cwd.default(null),
    url: McpServerFields.url.default(null),
    env: McpServerFields.env.default({}),
    headers: McpServerFields.headers.default({}),
    enabled_by_default: McpServerFields.enabled_by_default.default(true),
    agents: McpServerFields.agents.default([...Backend.options]),
    tool_approval: McpServerFields.tool_approval.default('ask'),
  })
  .meta({ id: 'CreateMcpServer' });
export type CreateMcpServer = z.infer<typeof CreateMcpServer>;

/** Every field but the scope, which a server keeps for life (delete and add it again instead). */
export const UpdateMcpServer = z
  .strictObject(McpServerFields)
  .partial()
  .meta({ id: 'UpdateMcpServer' });
export type UpdateMcpServer = z.infer<typeof UpdateMcpServer>;

export const McpTool = z.object({ name: z.string(), description: z.string().nullable() });

export const McpTestResult = z
  .object({
    ok: z.boolean(),
    /** Why the connection failed, as the server or the transport said it; null when it worked. */
    error: z.string().nullable(),
    tools: z.array(McpTool),
  })
  .meta({ id: 'McpTestResult' });
export type McpTestResult = z.infer<typeof McpTestResult>;

/** The servers a project or session can use (project servers win by name), and which are on. */
export const McpSelection = z
  .object({
    servers: z.array(McpServer),
    enabled: z.array(McpServerName),
  })
  .meta({ id: 'McpSelection' });
export type McpSelection = z.infer<typeof McpSelection>;

export const UpdateMcpSelection = z
  .strictObject({ enabled: z.array(McpServerName).max(200) })
  .meta({ id: 'UpdateMcpSelection' });
export type UpdateMcpSelection = z.infer<typeof UpdateMcpSelection>;

export const McpServerStatus = z.object({
  name: McpServerName,
  status: z.enum(['starting', 'connected', 'failed', 'disabled']),
  error: z.string().nullable(),
});
export type McpServerStatus = z.infer<typeof McpServerStatus>;

export const ListMcpServersQuery = z.strictObject({
  project_id: Id.optional().meta({ description: 'Only the servers of this project.' }),
});
