import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { defaultDataDir } from './paths.js';

export interface CliOptions {
  port: number;
  host: string;
  dataDir: string;
  token: string | undefined;
  allowedHosts: string[];
  /** `--help` was asked for: print USAGE and exit. */
  help: boolean;
  /** Things the user should hear about before the server starts (e.g. a token on the command line). */
  warnings: string[];
}

export class UsageError extends Error {
  override name = 'UsageError';
}

/** What `--help` prints. Secrets go in a file or the environment, never on the command line. */
export const USAGE = `Usage: npm run serve -- [options]

  --port N            port to listen on (0 picks a free one; default 3456)   GROVE_PORT
  --host H            address to bind (default 127.0.0.1)                     GROVE_HOST
  --data-dir DIR      where projects, sessions and the token are kept         GROVE_DATA_DIR
  --token-file FILE   read the API token from FILE (first line)               GROVE_TOKEN
  --allowed-host H    also accept this Host header (repeatable)               GROVE_ALLOWED_HOSTS
  --help              print this and exit

Without a token Grove keeps a random one in <data-dir>/token (mode 0600).`;

export const TOKEN_ON_COMMAND_LINE_WARNING =
  'Grove: warning: --token puts the token where every local user can read it (/proc/<pid>/cmdline, ps); ' +
  'use --token-file FILE or GROVE_TOKEN instead.';

function readTokenFile(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UsageError(`--token-file ${file} cannot be read (${reason}).`);
  }
  const token = text.split(/\r?\n/, 1)[0]?.trim() ?? '';
  if (token === '') throw new UsageError(`--token-file ${file} is empty.`);
  return token;
}

/** `--flag` beats `GROVE_*` environment variables, which beat the defaults. */
export function parseCliOptions(argv: readonly string[], env: NodeJS.ProcessEnv): CliOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      'token-file': { type: 'string' },
      // Still accepted so existing scripts keep working, but never advertised (see the warning).
      token: { type: 'string' },
      'allowed-host': { type: 'string', multiple: true },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  // An empty variable (`GROVE_HOST= npm run serve`) means unset, not "bind to the empty host".
  const fromEnv = (name: string): string | undefined => env[name] || undefined;
  const portText = values.port ?? fromEnv('GROVE_PORT') ?? '3456';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65_535) {
    throw new UsageError(`--port must be a number from 0 to 65535, not "${portText}".`);
  }
  const host = values.host ?? fromEnv('GROVE_HOST') ?? '127.0.0.1';
  if (host.trim() === '') throw new UsageError('--host must not be empty.');
  if (values.token !== undefined && values['token-file'] !== undefined) {
    throw new UsageError('Give either --token-file or --token, not both.');
  }
  const warnings = values.token === undefined ? [] : [TOKEN_ON_COMMAND_LINE_WARNING];
  const tokenFromFile =
    values['token-file'] === undefined ? undefined : readTokenFile(values['token-file']);
  return {
    port,
    host,
    dataDir: values['data-dir'] ?? fromEnv('GROVE_DATA_DIR') ?? defaultDataDir(env),
    token: tokenFromFile ?? values.token ?? fromEnv('GROVE_TOKEN'),
    allowedHosts:
      values['allowed-host'] ?? env.GROVE_ALLOWED_HOSTS?.split(',').filter(Boolean) ?? [],
    help: values.help === true,
    warnings,
  };
}
