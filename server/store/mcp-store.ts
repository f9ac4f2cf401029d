import path from 'node:path';
import { z } from 'zod';
import { McpServer } from '../contract/mcp.js';
import type { FileLayer } from './file-layer.js';
import { JsonDocument, type Logger } from './json-document.js';

const MCP_SCHEMA_VERSION = 1;

/** A value as stored: plain text in the clear, a secret only as the id of its entry in secrets.json. */
export const StoredValue = z.union([
  z.object({ value: z.string() }),
  z.object({ secret_id: z.string() }),
]);
export type StoredValue = z.infer<typeof StoredValue>;

export const StoredMcpServer = McpServer.extend({
  env: z.record(z.string(), StoredValue),
  headers: z.record(z.string(), StoredValue),
});
export type StoredMcpServer = z.infer<typeof StoredMcpServer>;

/**
 * What a project or session decided: the servers it has on, and every name it has seen, so a
 * server added later follows its default only where nobody has decided about it yet.
 */
export const McpChoice = z.object({
  enabled: z.array(z.string()),
  known: z.array(z.string()),
});
export type McpChoice = z.infer<typeof McpChoice>;

const McpDocument = z.object({
  schema_version: z.literal(MCP_SCHEMA_VERSION),
  servers: z.array(StoredMcpServer),
  projects: z.record(z.string(), McpChoice),
  /** A session's own choice, copied from its project when it was created. */
  sessions: z.record(z.string(), McpChoice),
});
export type McpDocument = z.infer<typeof McpDocument>;

/**
 * Secret values, one file readable by the user alone. When the desktop app runs, each value is
 * sealed with the OS keychain's key (Electron safeStorage) before it reaches the file.
 */
const SecretsDocument = z.object({
  schema_version: z.literal(MCP_SCHEMA_VERSION),
  secrets: z.record(z.string(), z.string()),
});
type SecretsDocument = z.infer<typeof SecretsDocument>;

/** Seals secrets with a key the OS keeps (Electron's safeStorage); injected by the desktop app. */
export interface SecretCipher {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
}

/** Stored as `sealed:<cipher text>` when a cipher sealed it, so the file says which it holds. */
const SEALED = 'sealed:';

/** The MCP part of Grove's persistence: server definitions, choices, and their secrets. */
export class McpStore {
  private constructor(
    private readonly doc: JsonDocument<McpDocument>,
    private readonly secretsDoc: JsonDocument<SecretsDocument>,
    private readonly cipher: SecretCipher | null,
  ) {}

  static async open(options: {
    dataDir: string;
    log: Logger;
    files: FileLayer;
    cipher: SecretCipher | null;
  }): Promise<McpStore> {
    const common = {
      version: MCP_SCHEMA_VERSION,
      migrations: [],
      log: options.log,
      files: options.files,
    };
    const doc = await JsonDocument.open<McpDocument>({
      ...common,
      file: path.join(options.dataDir, 'mcp.json'),
      schema: McpDocument,
      initial: () => ({
        schema_version: MCP_SCHEMA_VERSION,
        servers: [],
        projects: {},
        sessions: {},
      }),
    });
    const secretsDoc = await JsonDocument.open<SecretsDocument>({
      ...common,
      file: path.join(options.dataDir, 'secrets.json'),
      schema: SecretsDocument,
      initial: () => ({ schema_version: MCP_SCHEMA_VERSION, secrets: {} }),
    });
    return new McpStore(doc, secretsDoc, options.cipher);
  }

  get data(): Readonly<McpDocument> {
    return this.doc.data;
  }

  update<R>(mutate: (data: McpDocument) => R): Promise<R> {
    return this.doc.update(mutate);
  }

  secret(id: string): string | null {
    const stored = this.secretsDoc.data.secrets[id];
    if (stored === undefined) return null;
    if (!stored.startsWith(SEALED)) return stored;
    if (!this.cipher) throw new Error('This secret was sealed by the desktop app’s keychain.');
    return this.cipher.decrypt(stored.slice(SEALED.length));
  }

  /** Write new secrets and drop old ones in one durable change. */
  async changeSecrets(added: Record<string, string>, removed: readonly string[]): Promise<void> {
    if (Object.keys(added).length === 0 && removed.length === 0) return;
    await this.secretsDoc.update(({ secrets }) => {
      for (const id of removed) delete secrets[id];
      for (const [id, value] of Object.entries(added)) {
        secrets[id] = this.cipher ? SEALED + this.cipher.encrypt(value) : value;
      }
    });
  }

  flushed(): Promise<void> {
    return Promise.all([this.doc.flushed(), this.secretsDoc.flushed()]).then(() => undefined);
  }
}
