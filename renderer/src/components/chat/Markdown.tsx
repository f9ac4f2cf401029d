import { isValidElement, memo, type ReactNode } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import { CodeBlock } from './CodeBlock.js';

function textOf(node: ReactNode): string {
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(textOf).join('');
  if (isValidElement<{ children?: ReactNode }>(node)) return textOf(node.props.children);
  return '';
}

function components(streaming: boolean): Components {
  return {
    // Block code arrives as <pre><code class="language-x">; inline code stays a plain <code>.
    pre({ children }) {
      const child = Array.isArray(children) ? children[0] : children;
      const className = isValidElement<{ className?: string }>(child)
        ? (child.props.className ?? '')
        : '';
      const language = /language-([\w+#.-]+)/.exec(className)?.[1]?.toLowerCase();
      const code = textOf(child).replace(/\n$/, '');
      return <CodeBlock code={code} streaming={streaming} {...(language ? { language } : {})} />;
    },
    a({ href, children }) {
      return (
        <a href={href} target="_blank" rel="noreferrer noopener">
          {children}
        </a>
      );
    },
  };
}

const STATIC = components(false);
const STREAMING = components(true);

/** Markdown from the agent. Raw HTML is not rendered (shown as text), so nothing can inject markup. */
export const Markdown = memo(function Markdown({
  text,
  streaming = false,
}: {
  text: string;
  streaming?: boolean;
}) {
  return (
    <div className="markdown">
      <ReactMarkdown components={streaming ? STREAMING : STATIC} skipHtml={false}>
        {text}
      </ReactMarkdown>
    </div>
  );
});
