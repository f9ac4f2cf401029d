import { parseArgs } from 'node:util';
import { defaultDataDir } from './paths.js';

export interface CliOptions {
  port: number;
  host: string;
  dataDir: string;
  token: string | undefined;
  allowedHosts: string[];
}

export class UsageError extends Error {
  override name = 'UsageError';
}

/** `--flag` beats `GROVE_*` environment variables, which beat the defaults. */
export function parseCliOptions(argv: readonly string[], env: NodeJS.ProcessEnv): CliOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      token: { type: 'string' },
      'allowed-host': { type: 'string', multiple: true },
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
  return {
    port,
    host,
    dataDir: values['data-dir'] ?? fromEnv('GROVE_DATA_DIR') ?? defaultDataDir(env),
    token: values.token ?? fromEnv('GROVE_TOKEN'),
    allowedHosts:
      values['allowed-host'] ?? env.GROVE_ALLOWED_HOSTS?.split(',').filter(Boolean) ?? [],
  };
}
