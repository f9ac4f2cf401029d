#!/usr/bin/env node
// Headless entry: `npm run serve -- [--port N] [--host H] [--data-dir DIR] [--token T]`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCliOptions } from './cli-options.js';
import { createServer } from './server.js';

const here = path.dirname(fileURLToPath(import.meta.url));

async function main(): Promise<void> {
  const { token, ...options } = parseCliOptions(process.argv.slice(2), process.env);
  const server = await createServer({
    ...options,
    ...(token ? { token } : {}),
    rendererDir: path.resolve(here, '..', 'renderer'),
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

main().catch((error: unknown) => {
  // Known failures (port taken, data dir locked, bad flags) are one clear line, not a stack trace.
  const known = error instanceof Error && /Error$/.test(error.name) && error.name !== 'Error';
  console.error(`Grove: ${error instanceof Error ? error.message : String(error)}`);
  if (!known && error instanceof Error && error.stack) console.error(error.stack);
  process.exit(1);
});
