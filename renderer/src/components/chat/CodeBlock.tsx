import { useMemo, useState } from 'react';
import { highlight } from '../../lib/highlight.js';
import { Icon } from '../common/Icon.js';

/** A fenced code block: highlighted once the text is final, with a copy button. */
export function CodeBlock({ code, language, streaming }: { code: string; language?: string; streaming: boolean }) {
  const html = useMemo(() => (streaming ? null : highlight(code, language)), [code, language, streaming]);
  const [copied, setCopied] = useState(false);
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
      <pre>
        {html !== null ? (
          <code className={`hljs language-${language ?? ''}`} dangerouslySetInnerHTML={{ __html: html }} />
        ) : (
          <code>{code}</code>
        )}
      </pre>
    </div>
  );
}
