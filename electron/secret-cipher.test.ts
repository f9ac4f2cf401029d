import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import { safeStorageCipher, type DesktopSafeStorage } from './secret-cipher.js';
import { cleanUp, folder, launch } from './test-support/launch.js';

after(cleanUp);

const ECHO_SERVER = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../e2e/mcp/echo-server.mjs',
);
const SECRET = 'keychain-secret-9d2e71';

/** Electron's safeStorage as the tests need it: a reversible seal that never shows the text. */
class FakeSafeStorage implements DesktopSafeStorage {
  sealed = 0;
  constructor(
    private readonly available = true,
    private readonly backend = 'gnome_libsecret',
  ) {}
  isEncryptionAvailable(): boolean {
    return this.available;
  }
  getSelectedStorageBackend(): string {
    return this.backend;
  }
  encryptString(plain: string): Buffer {
    this.sealed++;
    return Buffer.from(Buffer.from(plain, 'utf8').map((byte) => byte ^ 0x5a));
  }
  decryptString(sealed: Buffer): string {
    return Buffer.from(sealed.map((byte) => byte ^ 0x5a)).toString('utf8');
  }
}

describe("MCP secrets in the OS keychain through Electron's safeStorage", () => {
  test('only a keychain that can encrypt, and not Linux’s built-in basic_text key', () => {
    assert.equal(safeStorageCipher(undefined), null);
    assert.equal(safeStorageCipher(new FakeSafeStorage(false)), null);
    assert.equal(safeStorageCipher(new FakeSafeStorage(true, 'basic_text')), null);
    const cipher = safeStorageCipher(new FakeSafeStorage());
    assert.ok(cipher);
    const sealed = cipher.encrypt(SECRET);
    assert.ok(!sealed.includes(SECRET));
    assert.equal(cipher.decrypt(sealed), SECRET);
  });

  test('the desktop app seals what the server stores, and the server reads it back to connect', async () => {
    const dataDir = await folder('grove-keychain-');
    const safeStorage = new FakeSafeStorage();
    const { desktop } = await launch({ dataDir, env: { GROVE_PORT: '0' }, safeStorage });
    assert.equal(await desktop.ready, true);
    const server = desktop.server();
    assert.ok(server);
    const call = async (method: string, route: string, body?: unknown) => {
      const response = await fetch(`${server.url}${route}`, {
        method,
        headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return (await response.json()) as Record<string, unknown>;
    };
    const created = await call('POST', '/api/mcp/servers', {
      name: 'echo',
      transport: 'stdio',
      command: process.execPath,
      args: [ECHO_SERVER],
      env: { ECHO_TOKEN: { secret: SECRET } },
    });
    assert.equal(safeStorage.sealed, 1);
    const stored = await readFile(path.join(dataDir, 'secrets.json'), 'utf8');
    assert.ok(!stored.includes(SECRET), 'the secret is in the file in the clear');
    assert.match(stored, /sealed:/);
    const tested = await call('POST', `/api/mcp/servers/${String(created['id'])}/test`);
    assert.equal(tested['ok'], true, JSON.stringify(tested));
  });
});
