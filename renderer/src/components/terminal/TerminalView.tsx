import type { Terminal } from '@contract';
import { FitAddon } from '@xterm/addon-fit';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal as XTerm } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef } from 'react';
import { resizeTerminal } from './terminal-actions.js';
import { connectTerminal } from './terminal-connection.js';

const RESIZE_DEBOUNCE_MS = 150;

/**
 * One terminal on screen: xterm.js on the terminal's socket, sized to its box. xterm's DOM
 * renderer and screen-reader mode keep the text in the page, for assistive technology and tests.
 */
export function TerminalView({ terminal }: { terminal: Terminal }) {
  const host = useRef<HTMLDivElement>(null);
  const terminalId = terminal.id;

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const xterm = new XTerm({
      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
      fontSize: 13,
      cursorBlink: true,
      scrollback: 5000,
      screenReaderMode: true,
      theme: { background: '#16181d', foreground: '#e6e6e6' },
    });
    const fit = new FitAddon();
    xterm.loadAddon(fit);
    xterm.loadAddon(new WebLinksAddon());
    xterm.open(element);
    const stream = connectTerminal(
      terminalId,
      (data) => xterm.write(data),
      () => xterm.write('\r\n\x1b[2m[disconnected]\x1b[0m\r\n'),
    );
    const typed = xterm.onData((data) => stream.send(data));
    let resizeTimer: ReturnType<typeof setTimeout> | null = null;
    const resized = xterm.onResize(({ cols, rows }) => {
      if (resizeTimer) clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => {
        void resizeTerminal(terminalId, cols, rows).catch(() => undefined);
      }, RESIZE_DEBOUNCE_MS);
    });
    const fitToBox = () => {
      // A hidden box has no size; fitting it would shrink the PTY to nothing.
      if (element.clientWidth > 0 && element.clientHeight > 0) fit.fit();
    };
    const observer = new ResizeObserver(fitToBox);
    observer.observe(element);
    fitToBox();
    xterm.focus();
    return () => {
      if (resizeTimer) clearTimeout(resizeTimer);
      observer.disconnect();
      typed.dispose();
      resized.dispose();
      stream.close();
      xterm.dispose();
    };
  }, [terminalId]);

  return <div className="terminal-view" ref={host} data-terminal-id={terminalId} />;
}
