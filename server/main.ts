#!/usr/bin/env node
// Headless entry: `npm run serve -- [--port N] [--host H] [--data-dir DIR] [--token-file FILE]`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCliOptions, USAGE } from './cli-options.js';
import { createServer } from './server.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** `<repo>/dist/renderer`, whether this runs from source (server/) or from dist/server/. */
function builtRendererDir(): string {
  const root =
    path.basename(path.dirname(here)) === 'dist'
      ? path.resolve(here, '..', '..')
      : path.resolve(here, '..');
  return path.join(root, 'dist', 'renderer');
}

async function main(): Promise<void> {
  const { token, help, warnings, ...options } = parseCliOptions(process.argv.slice(2), process.env);
  if (help) {
    console.log(USAGE);
    return;
  }
  for (const warning of warnings) console.error(warning);
  const server = await createServer({
    ...options,
    ...(token ? { token } : {}),
    rendererDir: builtRendererDir(),
  });
  console.log(`Grove API listening on ${server.url}`);
  console.log(`Token kept in ${server.tokenFile}; open ${server.url}/?token=<token> in a browser.`);
  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Grove: error while shutting down: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

/** Failures the user can fix from the message alone; anything else is a bug and keeps its stack. */
const KNOWN_ERRORS = new Set([
  'PortInUseError',
  'DataDirLockedError',
  'StoreCorruptError',
  'StoreTooNewError',
  'UsageError',
  'InvalidTokenError',
  'GroveError',
]);
const KNOWN_CODES = new Set(['EADDRNOTAVAIL', 'EACCES', 'ENOTFOUND', 'EROFS']);

function isKnown(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = String((error as NodeJS.ErrnoException).code ?? '');
  return (
    KNOWN_ERRORS.has(error.name) || KNOWN_CODES.has(code) || code.startsWith('ERR_PARSE_ARGS_')
  );
}

main().catch((error: unknown) => {
  // Known failures (port taken, data dir locked, bad flags) are one clear line, not a stack trace.
  console.error(`Grove: ${error instanceof Error ? error.message : String(error)}`);
  if (!isKnown(error) && error instanceof Error && error.stack) console.error(error.stack);
  process.exit(1);
});
