import type { SecretCipher } from '../server/store/mcp-store.js';

/** What is used of Electron's `safeStorage`. */
export interface DesktopSafeStorage {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
  /** Linux only: which keyring seals the strings. */
  getSelectedStorageBackend?(): string;
}

/**
 * The OS keychain, through `safeStorage`, seals the MCP secrets Grove stores; null (the server
 * then keeps them in its 0600 file) when it cannot encrypt, or when Linux found no keyring and
 * falls back to `basic_text`, a key built into Chromium that is no better than the file mode.
 * Ask only once the app is ready: before that, Linux always answers "not available".
 */
export function safeStorageCipher(storage: DesktopSafeStorage | undefined): SecretCipher | null {
  if (!storage?.isEncryptionAvailable()) return null;
  if (storage.getSelectedStorageBackend?.() === 'basic_text') return null;
  return {
    encrypt: (plain) => storage.encryptString(plain).toString('base64'),
    decrypt: (sealed) => storage.decryptString(Buffer.from(sealed, 'base64')),
  };
}
