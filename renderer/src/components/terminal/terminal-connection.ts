import { useConnectionStore } from '../../stores/connection.js';

export interface TerminalStream {
  send(data: string): void;
  close(): void;
}

/**
 * `/ws/terminals/{id}`: everything the terminal printed (the replay first), and what is typed
 * sent back. The token goes as a subprotocol, since a browser cannot set headers here.
 */
export function connectTerminal(
  terminalId: string,
  onOutput: (data: Uint8Array) => void,
  onClosed: () => void,
): TerminalStream {
  const { baseUrl, token } = useConnectionStore.getState();
  const url = `${baseUrl.replace(/^http/, 'ws')}/ws/terminals/${encodeURIComponent(terminalId)}`;
  const socket = new WebSocket(url, ['grove.terminal.v1', `grove.token.${token ?? ''}`]);
  socket.binaryType = 'arraybuffer';
  socket.onmessage = (message: MessageEvent) => {
    if (message.data instanceof ArrayBuffer) onOutput(new Uint8Array(message.data));
    else if (typeof message.data === 'string') onOutput(new TextEncoder().encode(message.data));
  };
  socket.onclose = () => onClosed();
  return {
    send(data) {
      if (socket.readyState === WebSocket.OPEN) socket.send(data);
    },
    close() {
      socket.onclose = null;
      socket.close();
    },
  };
}
