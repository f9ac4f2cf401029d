import { once } from 'node:events';
import WebSocket from 'ws';

/** A client of `/ws/terminals/{id}` that keeps everything the terminal printed. */
export class TerminalSocket {
  private raw = '';
  private waiters: (() => void)[] = [];
  readonly closed: Promise<number>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      this.raw += data.toString('utf8');
      for (const wake of this.waiters) wake();
    });
    this.closed = new Promise((resolve) => socket.once('close', (code) => resolve(code)));
  }

  /** `api` is the server's address and token, as an ApiClient has them. */
  static async open(
    api: { baseUrl: string; token: string },
    terminalId: string,
  ): Promise<TerminalSocket> {
    const url = `${api.baseUrl.replace('http', 'ws')}/ws/terminals/${terminalId}?token=${api.token}`;
    const client = new TerminalSocket(new WebSocket(url));
    await once(client.socket, 'open');
    return client;
  }

  /** The output as plain text: escape sequences and carriage returns removed. */
  get text(): string {
    return plainText(this.raw);
  }

  type(input: string): void {
    this.socket.send(input);
  }

  /** Resolves with the text once `pattern` shows in it. */
  waitForText(pattern: RegExp, timeoutMs = 20_000): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = this.text.match(pattern);
        if (!match) return false;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((waiter) => waiter !== wake);
        resolve(match);
        return true;
      };
      const wake = () => void check();
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== wake);
        reject(
          new Error(`timed out waiting for ${String(pattern)}; the terminal shows:\n${this.text}`),
        );
      }, timeoutMs);
      if (!check()) this.waiters.push(wake);
    });
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    this.socket.close();
    await this.closed;
  }
}

export function plainText(raw: string): string {
  return (
    raw
      // eslint-disable-next-line no-control-regex
      .replace(/\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]/g, '')
      .replace(/\r/g, '')
  );
}
