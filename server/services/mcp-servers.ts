import { randomUUID } from 'node:crypto';
import {
  nowSeconds,
  type CreateMcpServer,
  type McpServer,
  type McpValueInput,
  type UpdateMcpServer,
} from '../contract/index.js';
import type { ResolvedMcpServer } from '../agents/shared/mcp.js';
import { GroveError, notFound } from '../errors.js';
import type { StoredMcpServer, StoredValue } from '../store/mcp-store.js';
import { withoutUndefined, type ServiceContext } from './context.js';

type ValueMap = Record<string, McpValueInput>;

/** MCP server definitions at global and project scope; secrets stay in the store's secret file. */
export class McpServersService {
  constructor(private readonly context: ServiceContext) {}

  private get mcp() {
    return this.context.store.mcp;
  }

  list(filter: { project_id?: string | undefined } = {}): McpServer[] {
    return this.mcp.data.servers
      .filter((server) => !filter.project_id || server.project_id === filter.project_id)
      .map(toApi);
  }

  get(id: string): McpServer {
    return toApi(this.stored(id));
  }

  async create(input: CreateMcpServer): Promise<McpServer> {
    const projectId = input.scope === 'project' ? input.project_id : null;
    if (input.scope === 'project') this.requireProject(projectId);
    else if (input.project_id) {
      throw new GroveError('invalid-request', 'A global server has no project_id.', 'project_id');
    }
    const now = nowSeconds();
    const secrets: Record<string, string> = {};
    const server: StoredMcpServer = {
      ...input,
      id: randomUUID(),
      project_id: projectId,
      env: storeValues(input.env, {}, secrets, 'env'),
      headers: storeValues(input.headers, {}, secrets, 'headers'),
      created_at: now,
      updated_at: now,
    };
    checkShape(server);
    this.checkNameFree(server);
    await this.mcp.changeSecrets(secrets, []);
    await this.mcp.update((data) => {
      data.servers.push(server);
    });
    return toApi(server);
  }

  async update(id: string, patch: UpdateMcpServer): Promise<McpServer> {
    const current = this.stored(id);
    const secrets: Record<string, string> = {};
    const next: StoredMcpServer = {
      ...current,
      ...withoutUndefined(patch),
      env: patch.env ? storeValues(patch.env, current.env, secrets, 'env') : current.env,
      headers: patch.headers
        ? storeValues(patch.headers, current.headers, secrets, 'headers')
        : current.headers,
      updated_at: nowSeconds(),
    };
    checkShape(next);
    this.checkNameFree(next);
    await this.mcp.changeSecrets(secrets, []);
    await this.mcp.update((data) => {
      data.servers = data.servers.map((server) => (server.id === id ? next : server));
    });
    await this.mcp.changeSecrets({}, droppedSecrets(current, next));
    return toApi(next);
  }

  async remove(id: string): Promise<void> {
    const current = this.stored(id);
    await this.mcp.update((data) => {
      data.servers = data.servers.filter((server) => server.id !== id);
    });
    await this.mcp.changeSecrets({}, secretIds(current));
  }

  /** Every server of a project that is gone, with its secrets. */
  async removeProject(projectId: string): Promise<void> {
    const gone = this.mcp.data.servers.filter((server) => server.project_id === projectId);
    // Nothing of the project's here: no write (a write is a change a reader of the disk sees).
    if (gone.length === 0 && !(projectId in this.mcp.data.projects)) return;
    await this.mcp.update((data) => {
      data.servers = data.servers.filter((server) => server.project_id !== projectId);
      delete data.projects[projectId];
    });
    await this.mcp.changeSecrets({}, gone.flatMap(secretIds));
  }

  resolve(server: McpServer): ResolvedMcpServer {
    const stored = this.stored(server.id);
    const reveal = (values: Record<string, StoredValue>) =>
      Object.fromEntries(
        Object.entries(values).map(([key, value]) => [
          key,
          'value' in value
            ? { value: value.value, secret: false }
            : { value: this.mcp.secret(value.secret_id) ?? '', secret: true },
        ]),
      );
    return { ...toApi(stored), env: reveal(stored.env), headers: reveal(stored.headers) };
  }

  private stored(id: string): StoredMcpServer {
    const server = this.mcp.data.servers.find((item) => item.id === id);
    if (!server) throw notFound('MCP server', id);
    return server;
  }

  private requireProject(projectId: string | null): void {
    if (!projectId) {
      throw new GroveError('invalid-request', 'A project server needs a project_id.', 'project_id');
    }
    if (!this.context.store.projects.some((project) => project.id === projectId)) {
      throw notFound('project', projectId);
    }
  }

  private checkNameFree(server: StoredMcpServer): void {
    const clash = this.mcp.data.servers.find(
      (other) =>
        other.id !== server.id &&
        other.name === server.name &&
        other.project_id === server.project_id,
    );
    if (clash) {
      const where = server.project_id ? 'this project' : 'the global servers';
      throw new GroveError(
        'already-exists',
        `An MCP server named ${server.name} is already in ${where}.`,
        'name',
      );
    }
  }
}

export function toApi(server: StoredMcpServer): McpServer {
  const show = (values: Record<string, StoredValue>) =>
    Object.fromEntries(
      Object.entries(values).map(([key, value]) => [
        key,
        'value' in value ? value.value : ({ set: true } as const),
      ]),
    );
  return { ...server, env: show(server.env), headers: show(server.headers) };
}

/** A transport's required field is present; the other transport's fields are cleared. */
function checkShape(server: StoredMcpServer): void {
  if (server.transport === 'stdio') {
    if (!server.command) {
      throw new GroveError('invalid-request', 'A stdio server needs a command.', 'command');
    }
    server.url = null;
    server.headers = {};
  } else {
    if (!server.url) {
      throw new GroveError('invalid-request', `An ${server.transport} server needs a url.`, 'url');
    }
    server.command = null;
    server.args = [];
    server.cwd = null;
  }
}

/**
 * Turn client values into stored ones: new secrets get an id (their value goes to `secrets`),
 * `{set: true}` keeps the secret stored under that key.
 */
function storeValues(
  input: ValueMap,
  current: Record<string, StoredValue>,
  secrets: Record<string, string>,
  field: string,
): Record<string, StoredValue> {
  const stored: Record<string, StoredValue> = {};
  for (const [key, value] of Object.entries(input)) {
    if (typeof value === 'string') stored[key] = { value };
    else if ('secret' in value) {
      const id = randomUUID();
      secrets[id] = value.secret;
      stored[key] = { secret_id: id };
    } else {
      const kept = current[key];
      if (!kept || !('secret_id' in kept)) {
        throw new GroveError(
          'invalid-request',
          `${field}.${key} has no stored secret to keep.`,
          `${field}.${key}`,
        );
      }
      stored[key] = kept;
    }
  }
  return stored;
}

function secretIds(server: StoredMcpServer): string[] {
  return [...Object.values(server.env), ...Object.values(server.headers)].flatMap((value) =>
    'secret_id' in value ? [value.secret_id] : [],
  );
}

function droppedSecrets(before: StoredMcpServer, after: StoredMcpServer): string[] {
  const kept = new Set(secretIds(after));
  return secretIds(before).filter((id) => !kept.has(id));
}
