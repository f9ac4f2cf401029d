import { promises as fs } from 'node:fs';
import { writeFileAtomic } from './durable-file.js';

/** Turns a document of version `from` into version `from + 1`. */
export interface Migration {
  from: number;
  migrate: (data: Record<string, unknown>) => Record<string, unknown>;
}

interface MigrationContext {
  version: number;
  migrations: readonly Migration[];
  log: (message: string) => void;
}

/**
 * Bring a parsed document up to the current schema version. The file is copied to
 * `<file>.v<N>.bak` before the first step so a bad migration never costs the user's data.
 */
export async function runMigrations(
  raw: unknown,
  file: string,
  context: MigrationContext,
): Promise<unknown> {
  if (typeof raw !== 'object' || raw === null) return raw;
  let data = raw as Record<string, unknown>;
  const start = typeof data.schema_version === 'number' ? data.schema_version : 0;
  if (start === context.version) return data;
  if (start > context.version) {
    throw new Error(
      `${file} was written by a newer Grove (schema ${start}, this one reads ${context.version}).`,
    );
  }
  await fs.copyFile(file, `${file}.v${start}.bak`);
  for (let version = start; version < context.version; version++) {
    const step = context.migrations.find((migration) => migration.from === version);
    if (!step) throw new Error(`No migration from schema ${version} for ${file}.`);
    data = { ...step.migrate(data), schema_version: version + 1 };
  }
  await writeFileAtomic(file, JSON.stringify(data));
  context.log(`Grove store: migrated ${file} from schema ${start} to ${context.version}.`);
  return data;
}
