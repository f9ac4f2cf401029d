import { useState } from 'react';
import { formatToolInput, toolSummary } from '../../lib/tool-summary.js';
import { Icon, Spinner } from '../common/Icon.js';
import { Markdown } from './Markdown.js';

/** The agent's reasoning, folded by default; open while it is still being written. */
export function ThinkingBlock({ text, streaming }: { text: string; streaming: boolean }) {
  return (
    <details className="block thinking" open={streaming ? true : undefined}>
      <summary>
        <Icon name="brain" size={14} />
        <span>{streaming ? 'Thinking…' : 'Thinking'}</span>
        <span className="summary-hint">
          {text.length > 0 ? `${text.trim().split(/\s+/).length} words` : ''}
        </span>
      </summary>
      <div className="thinking-text">{text}</div>
    </details>
  );
}

const OUTPUT_PREVIEW_LINES = 120;

function Output({ text, isError }: { text: string; isError: boolean }) {
  const [all, setAll] = useState(false);
  const lines = text.split('\n');
  const cut = !all && lines.length > OUTPUT_PREVIEW_LINES;
  return (
    <div className={`tool-output${isError ? ' error' : ''}`}>
      <div className="tool-section-label">{isError ? 'Error' : 'Output'}</div>
      <pre>{cut ? lines.slice(0, OUTPUT_PREVIEW_LINES).join('\n') : text || '(no output)'}</pre>
      {cut ? (
        <button type="button" className="text-button" onClick={() => setAll(true)}>
          Show all {lines.length} lines
        </button>
      ) : null}
    </div>
  );
}

/** One tool call: name and a one-line summary; open for the full input and its output or error. */
export function ToolBlock({
  name,
  input,
  result,
  running,
  cwd,
}: {
  name: string;
  input: unknown;
  result: { output: string; isError: boolean } | null;
  running: boolean;
  /** The worktree: paths inside it are shown relative to it. */
  cwd?: string | undefined;
}) {
  const summary = toolSummary(input, cwd);
  const state = result ? (result.isError ? 'error' : 'done') : running ? 'running' : 'unknown';
  return (
    <details className={`block tool tool-${state}`}>
      <summary>
        <span className="tool-state" aria-hidden="true">
          {state === 'running' ? (
            <Spinner />
          ) : state === 'error' ? (
            <Icon name="alert" size={14} />
          ) : (
            <Icon name="tool" size={14} />
          )}
        </span>
        <span className="tool-name">{name}</span>
        <span className="tool-summary">{summary}</span>
        {state === 'error' ? <span className="tool-flag">failed</span> : null}
      </summary>
      <div className="tool-body">
        <div className="tool-section-label">Input</div>
        <pre className="tool-input">{formatToolInput(input)}</pre>
        {result ? <Output text={result.output} isError={result.isError} /> : null}
        {!result && running ? <p className="muted">Running…</p> : null}
      </div>
    </details>
  );
}

export function OrphanOutput({ output, isError }: { output: string; isError: boolean }) {
  return (
    <details className={`block tool ${isError ? 'tool-error' : 'tool-done'}`}>
      <summary>
        <Icon name="tool" size={14} />
        <span className="tool-name">Tool output</span>
      </summary>
      <div className="tool-body">
        <Output text={output} isError={isError} />
      </div>
    </details>
  );
}

export function PlanBlock({ plan }: { plan: string }) {
  return (
    <section className="block plan" aria-label="Proposed plan">
      <div className="plan-label">Plan</div>
      <Markdown text={plan} />
    </section>
  );
}
