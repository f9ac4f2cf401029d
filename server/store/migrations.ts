import { promises as fs } from 'node:fs';

/** Turns a document of version `from` into version `from + 1`. */
export interface Migration {
  from: number;
  migrate: (data: Record<string, unknown>) => Record<string, unknown>;
}

interface MigrationContext {
  version: number;
  migrations: readonly Migration[];
}

/** A file from a newer Grove: never "recovered" over, since the data in it is fine. */
export class StoreTooNewError extends Error {
  override name = 'StoreTooNewError';
}

export type MigrationResult =
  { ok: true; data: unknown; from: number | null } | { ok: false; reason: string };

/**
 * Bring a parsed document up to the current schema version, in memory. The file is copied to
 * `<file>.v<N>.bak` before the first step so a bad migration never costs the user's data; the
 * caller validates the result before writing it back (`from` is set when it must).
 */
export async function runMigrations(
  raw: unknown,
  file: string,
  context: MigrationContext,
): Promise<MigrationResult> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, reason: 'not a JSON object' };
  }
  let data = raw as Record<string, unknown>;
  const start = data.schema_version ?? 0;
  if (start === context.version) return { ok: true, data, from: null };
  if (typeof start !== 'number' || !Number.isInteger(start) || start < 0) {
    return { ok: false, reason: `schema_version ${JSON.stringify(start)} is not a version` };
  }
  if (start > context.version) {
    throw new StoreTooNewError(
      `${file} was written by a newer Grove (schema ${start}, this one reads ${context.version}); update Grove.`,
    );
  }
  // Check the whole path exists before touching anything on disk.
  for (let version = start; version < context.version; version++) {
    if (!context.migrations.some((migration) => migration.from === version)) {
      return { ok: false, reason: `no migration from schema ${version}` };
    }
  }
  await fs.copyFile(file, `${file}.v${start}.bak`);
  for (let version = start; version < context.version; version++) {
    const step = context.migrations.find((migration) => migration.from === version);
    try {
      if (step) data = { ...step.migrate(data), schema_version: version + 1 };
    } catch (error) {
      return {
        ok: false,
        reason: `migration from schema ${version} failed: ${(error as Error).message}`,
      };
    }
  }
  return { ok: true, data, from: start };
}
