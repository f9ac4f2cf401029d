// Starts the real Grove server for browser tests, serving the built renderer (GROVE_UI_RENDERER_DIR,
// else dist/renderer). `node --import tsx e2e/support/ui-server-main.ts --port 0 --data-dir <dir>`;
// prints the URL on its first line.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createServer } from '../../server/server.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({
  options: { port: { type: 'string' }, 'data-dir': { type: 'string' } },
  strict: true,
});
if (!values['data-dir']) throw new Error('--data-dir is required');

const server = await createServer({
  port: Number(values.port ?? '0'),
  dataDir: values['data-dir'],
  rendererDir: process.env['GROVE_UI_RENDERER_DIR'] ?? path.join(repoRoot, 'dist', 'renderer'),
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(`Grove API listening on ${server.url}\n`);

let closing = false;
const shutdown = () => {
  if (closing) return;
  closing = true;
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
