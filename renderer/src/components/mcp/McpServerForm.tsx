import type { Backend, CreateMcpServer, McpServer, McpTransport } from '@contract';
import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../../api/client.js';
import { BACKEND_LABELS, BACKENDS } from '../../lib/format.js';
import { argsToText, textToArgs, textToValues, valuesToText } from './values.js';

interface Props {
  /** The server to edit, or null to add one. */
  server: McpServer | null;
  /** Where a new server goes: null for global, else a project's id. */
  projectId: string | null;
  onDone: () => void;
  onCancel: () => void;
}

/** Add or edit one MCP server. Secret values are write-only: the form shows them masked. */
export function McpServerForm({ server, projectId, onDone, onCancel }: Props) {
  const [name, setName] = useState(server?.name ?? '');
  const [transport, setTransport] = useState<McpTransport>(server?.transport ?? 'stdio');
  const [command, setCommand] = useState(server?.command ?? '');
  const [args, setArgs] = useState(argsToText(server?.args ?? []));
  const [url, setUrl] = useState(server?.url ?? '');
  const values = transport === 'stdio' ? server?.env : server?.headers;
  const [plain, setPlain] = useState(valuesToText(values ?? {}, false));
  const [secrets, setSecrets] = useState(valuesToText(values ?? {}, true));
  const [agents, setAgents] = useState<Backend[]>(server?.agents ?? [...BACKENDS]);
  const [askFirst, setAskFirst] = useState((server?.tool_approval ?? 'ask') === 'ask');
  const [byDefault, setByDefault] = useState(server?.enabled_by_default ?? true);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const stdio = transport === 'stdio';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = textToValues(plain, secrets);
    if ('error' in parsed) return setError(parsed.error);
    const fields = {
      name: name.trim(),
      transport,
      command: stdio ? command.trim() : null,
      args: stdio ? textToArgs(args) : [],
      url: stdio ? null : url.trim(),
      env: stdio ? parsed.values : {},
      headers: stdio ? {} : parsed.values,
      agents,
      tool_approval: askFirst ? 'ask' : 'allow',
      enabled_by_default: byDefault,
    } satisfies Partial<CreateMcpServer>;
    setSaving(true);
    try {
      if (server) await api.call('updateMcpServer', { serverId: server.id }, fields);
      else {
        const scope = projectId ? { scope: 'project' as const, project_id: projectId } : {};
        await api.call('createMcpServer', { ...fields, ...scope });
      }
      onDone();
    } catch (failure) {
      setError(errorMessage(failure));
      setSaving(false);
    }
  };

  const toggleAgent = (backend: Backend) =>
    setAgents((current) =>
      current.includes(backend)
        ? current.filter((item) => item !== backend)
        : [...current, backend],
    );

  return (
    <form className="mcp-form" onSubmit={(event) => void submit(event)} aria-label="MCP server">
      <label className="field">
        <span>Name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} spellCheck={false} required />
      </label>
      <label className="field">
        <span>Transport</span>
        <select value={transport} onChange={(e) => setTransport(e.target.value as McpTransport)}>
          <option value="stdio">stdio (a local program)</option>
          <option value="http">HTTP</option>
          <option value="sse">SSE</option>
        </select>
      </label>
      {stdio ? (
        <>
          <label className="field">
            <span>Command</span>
            <input
              value={command}
              onChange={(e) => setCommand(e.target.value)}
              spellCheck={false}
            />
          </label>
          <label className="field">
            <span>Arguments (one per line)</span>
            <textarea rows={2} value={args} onChange={(e) => setArgs(e.target.value)} />
          </label>
        </>
      ) : (
        <label className="field">
          <span>URL</span>
          <input value={url} onChange={(e) => setUrl(e.target.value)} spellCheck={false} />
        </label>
      )}
      <label className="field">
        <span>{stdio ? 'Environment' : 'Headers'} (KEY=value per line)</span>
        <textarea rows={2} value={plain} onChange={(e) => setPlain(e.target.value)} />
      </label>
      <label className="field">
        <span>Secret {stdio ? 'environment' : 'headers'} (never shown again)</span>
        <textarea rows={2} value={secrets} onChange={(e) => setSecrets(e.target.value)} />
      </label>
      <fieldset className="mcp-agents">
        <legend>Agents</legend>
        {BACKENDS.map((backend) => (
          <label key={backend} className="check">
            <input
              type="checkbox"
              checked={agents.includes(backend)}
              onChange={() => toggleAgent(backend)}
            />
            {BACKEND_LABELS[backend]}
          </label>
        ))}
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={askFirst} onChange={(e) => setAskFirst(e.target.checked)} />
        Ask before its tools run
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={byDefault}
          onChange={(e) => setByDefault(e.target.checked)}
        />
        On by default in new sessions
      </label>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="mcp-form-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button primary" disabled={saving}>
          {server ? 'Save server' : 'Add server'}
        </button>
      </div>
    </form>
  );
}
