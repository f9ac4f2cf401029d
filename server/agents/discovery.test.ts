// Discovery against the real CLIs this repo installs (node_modules/.bin), put on PATH for the test.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  clearDiscoveryCache,
  discoverBackend,
  discoverBackends,
  resolveExecutable,
} from './discovery.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const BIN = path.join(REPO, 'node_modules', '.bin');
// codex's launcher is `#!/usr/bin/env node`, so node must be on PATH too.
const PATH_WITH_CLIS = [BIN, path.dirname(process.execPath)].join(path.delimiter);
const EMPTY_DIR = mkdtempSync(path.join(tmpdir(), 'grove-discovery-'));

function installedVersion(packageName: string): string {
  const manifest = path.join(REPO, 'node_modules', packageName, 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

beforeEach(() => clearDiscoveryCache());
after(() => rmSync(EMPTY_DIR, { recursive: true, force: true }));

describe('discoverBackend', () => {
  it('finds all three real CLIs on PATH with their versions', async () => {
    const infos = await discoverBackends({}, { env: { PATH: PATH_WITH_CLIS } });
    assert.deepEqual(infos, [
      {
        backend: 'claude',
        found: true,
        path: path.join(BIN, 'claude'),
        version: installedVersion('@anthropic-ai/claude-code'),
        install_hint: 'npm install -g @anthropic-ai/claude-code',
      },
      {
        backend: 'codex',
        found: true,
        path: path.join(BIN, 'codex'),
        version: installedVersion('@openai/codex'),
        install_hint: 'npm install -g @openai/codex',
      },
      {
        backend: 'opencode',
        found: true,
        path: path.join(BIN, 'opencode'),
        version: installedVersion('opencode-ai'),
        install_hint: 'npm install -g opencode-ai',
      },
    ]);
  });

  it('reports a CLI missing from PATH, with its install hint', async () => {
    const info = await discoverBackend('codex', { env: { PATH: EMPTY_DIR } });
    assert.deepEqual(info, {
      backend: 'codex',
      found: false,
      path: null,
      version: null,
      install_hint: 'npm install -g @openai/codex',
    });
  });

  it('uses a configured absolute path even when PATH lacks the CLI', async () => {
    const configuredPath = path.join(BIN, 'claude');
    const info = await discoverBackend('claude', { configuredPath, env: { PATH: EMPTY_DIR } });
    assert.equal(info.found, true);
    assert.equal(info.path, configuredPath);
    assert.equal(info.version, installedVersion('@anthropic-ai/claude-code'));
  });

  it('does not fall back to PATH when the configured path is wrong', async () => {
    const configuredPath = path.join(EMPTY_DIR, 'claude');
    const info = await discoverBackend('claude', { configuredPath, env: { PATH: PATH_WITH_CLIS } });
    assert.equal(info.found, false);
    assert.equal(info.path, null);
  });

  it('looks a configured bare name up on PATH', async () => {
    const info = await discoverBackend('opencode', {
      configuredPath: 'opencode',
      env: { PATH: PATH_WITH_CLIS },
    });
    assert.equal(info.path, path.join(BIN, 'opencode'));
  });

  it('caches briefly per backend, path setting and PATH', async () => {
    const env = { PATH: EMPTY_DIR };
    const first = discoverBackend('claude', { env });
    assert.equal(discoverBackend('claude', { env }), first, 'the same lookup is shared');
    assert.notEqual(discoverBackend('claude', { env: { PATH: PATH_WITH_CLIS } }), first);
    await first;
    clearDiscoveryCache();
    assert.notEqual(discoverBackend('claude', { env }), first);
    assert.equal(await resolveExecutable('claude', null, env), null);
  });
});
