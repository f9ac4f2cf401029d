import { useEffect, useState } from 'react';
import type { highlight as Highlight } from '../../lib/highlight.js';
import { Icon } from '../common/Icon.js';

/** highlight.js and its grammars load on first use, in their own chunk, off the startup path. */
let highlighter: Promise<{ highlight: typeof Highlight }> | null = null;
const loadHighlighter = () => (highlighter ??= import('../../lib/highlight.js'));

const idle = (task: () => void): (() => void) => {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(task, { timeout: 300 });
    return () => cancelIdleCallback(handle);
  }
  const handle = setTimeout(task, 16);
  return () => clearTimeout(handle);
};

/**
 * A fenced code block with a copy button. Plain text first; colours are added when the browser
 * is idle and the text is final, so opening a long conversation never waits for highlighting.
 */
export function CodeBlock({
  code,
  language,
  streaming,
}: {
  code: string;
  language?: string;
  streaming: boolean;
}) {
  const [highlighted, setHighlighted] = useState<{ code: string; html: string } | null>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (streaming || !language) return;
    let current = true;
    const cancel = idle(() => {
      void loadHighlighter().then(({ highlight }) => {
        const html = current ? highlight(code, language) : null;
        if (html !== null) setHighlighted({ code, html });
      });
    });
    return () => {
      current = false;
      cancel();
    };
  }, [code, language, streaming]);
  const html = highlighted?.code === code ? highlighted.html : null;
  return (
    <div className="code-block">
      <div className="code-header">
        <span className="code-language">{language ?? 'text'}</span>
        <button
          type="button"
          className="icon-button"
          aria-label="Copy code"
          title="Copy code"
          onClick={() => {
            void navigator.clipboard?.writeText(code).then(() => {
              setCopied(true);
              setTimeout(() => setCopied(false), 1500);
            });
          }}
        >
          <Icon name={copied ? 'check' : 'copy'} size={14} />
        </button>
      </div>
      {/* Focusable: a long line scrolls sideways, and keyboard users must reach it. */}
      <pre tabIndex={0}>
        {html !== null ? (
          <code
            className={`hljs language-${language ?? ''}`}
            dangerouslySetInnerHTML={{ __html: html }}
          />
        ) : (
          <code>{code}</code>
        )}
      </pre>
    </div>
  );
}
