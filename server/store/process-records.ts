import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { isCode } from './durable-file.js';
import type { Logger } from './json-document.js';

/** The processes an agent run started, as last seen. */
const RunProcesses = z.object({
  /** Start times only name a process within one boot. */
  boot_id: z.string().nullable(),
  processes: z.array(z.object({ pid: z.number().int().positive(), start: z.string().nullable() })),
});
export type RunProcesses = z.infer<typeof RunProcesses>;

/**
 * `<data-dir>/processes/<run-id>.json`: what each running agent has going, so the next start can
 * stop it if Grove dies first.
 */
export class ProcessRecords {
  private readonly dir: string;

  constructor(
    dataDir: string,
    private readonly log: Logger,
  ) {
    this.dir = path.join(dataDir, 'processes');
  }

  /**
   * Temp file and rename, without fsync: the record must outlive a crash of Grove, not of the
   * machine, whose power loss ends the processes it names too. Callers write one run at a time.
   */
  async write(runId: string, record: RunProcesses): Promise<void> {
    const file = this.fileOf(runId);
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    await fs.writeFile(`${file}.tmp`, JSON.stringify(record), { mode: 0o600 });
    await fs.rename(`${file}.tmp`, file);
  }

  /**
   * The records of runs that never ended, by run id. Only for startup, before any run: it also
   * removes what cannot be used (temp files of a write cut short, unreadable records).
   */
  async readAll(): Promise<Map<string, RunProcesses>> {
    const names = await fs.readdir(this.dir).catch((error: unknown) => {
      if (isCode(error, 'ENOENT')) return [];
      throw error;
    });
    const records = new Map<string, RunProcesses>();
    for (const name of names) {
      const file = path.join(this.dir, name);
      const parsed = name.endsWith('.json')
        ? RunProcesses.safeParse(await readJsonOrNull(file))
        : null;
      if (parsed?.success) {
        records.set(name.slice(0, -'.json'.length), parsed.data);
        continue;
      }
      if (parsed) this.log(`Grove: dropped the unreadable process record ${file}`);
      await fs.rm(file, { force: true });
    }
    return records;
  }

  async clear(runId: string): Promise<void> {
    await fs.rm(this.fileOf(runId), { force: true });
  }

  private fileOf(runId: string): string {
    return path.join(this.dir, `${runId}.json`);
  }
}

/** The parsed contents of `file`, or null when it is missing or not JSON. */
async function readJsonOrNull(file: string): Promise<unknown> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as unknown;
  } catch {
    return null;
  }
}
