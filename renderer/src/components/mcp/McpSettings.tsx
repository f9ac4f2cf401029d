import type { McpServer, McpTestResult, Project } from '@contract';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import { useProjectsStore } from '../../stores/projects.js';
import { toast } from '../common/Toast.js';
import { McpServerForm } from './McpServerForm.js';
import { McpToggles, useMcpSelection } from './McpToggles.js';

type Editing = { server: McpServer | null; projectId: string | null } | null;

/**
 * MCP servers in one place: global ones, each project's own, and which are on in a project's new
 * sessions. Grove passes them to every CLI per run; the CLIs' own config files are never written.
 */
export function McpSettings() {
  const [servers, setServers] = useState<McpServer[] | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const order = useProjectsStore((s) => s.order);
  const byId = useProjectsStore((s) => s.byId);
  const projects = order.map((id) => byId[id]).filter(isProject);
  const reload = useCallback(() => {
    api.call('listMcpServers', {}).then(setServers, toast.error);
  }, []);
  useEffect(reload, [reload]);

  const done = () => {
    setEditing(null);
    toast.info('Saved');
    reload();
  };
  const groups: { title: string; projectId: string | null }[] = [
    { title: 'Global', projectId: null },
    ...projects.map((project) => ({ title: project.name, projectId: project.id })),
  ];
  return (
    <section className="settings-section" aria-labelledby="settings-mcp">
      <h3 id="settings-mcp">MCP servers</h3>
      <p className="muted">
        Every session’s agent gets the servers switched on for it. Your CLIs’ own config files are
        left untouched.
      </p>
      {editing ? (
        <McpServerForm
          server={editing.server}
          projectId={editing.projectId}
          onDone={done}
          onCancel={() => setEditing(null)}
        />
      ) : (
        groups.map((group) => (
          <div key={group.projectId ?? 'global'} className="mcp-group">
            <h4>{group.title}</h4>
            <ul className="mcp-list">
              {(servers ?? [])
                .filter((server) => server.project_id === group.projectId)
                .map((server) => (
                  <McpServerRow
                    key={server.id}
                    server={server}
                    onEdit={() => setEditing({ server, projectId: server.project_id })}
                    onRemoved={reload}
                  />
                ))}
            </ul>
            <button
              type="button"
              className="button small"
              onClick={() => setEditing({ server: null, projectId: group.projectId })}
            >
              Add server{group.projectId ? ` to ${group.title}` : ''}
            </button>
            {group.projectId ? (
              <ProjectChoice projectId={group.projectId} servers={servers} />
            ) : null}
          </div>
        ))
      )}
    </section>
  );
}

function McpServerRow(props: { server: McpServer; onEdit: () => void; onRemoved: () => void }) {
  const { server } = props;
  const [result, setResult] = useState<McpTestResult | 'testing' | null>(null);
  const test = () => {
    setResult('testing');
    api.call('testMcpServer', { serverId: server.id }).then(setResult, (error: unknown) => {
      setResult(null);
      toast.error(error);
    });
  };
  const remove = () => {
    api.call('deleteMcpServer', { serverId: server.id }).then(props.onRemoved, toast.error);
  };
  const where =
    server.transport === 'stdio' ? [server.command, ...server.args].join(' ') : server.url;
  return (
    <li className="mcp-row">
      <div className="mcp-row-head">
        <strong>{server.name}</strong>
        <span className="chip">{server.transport}</span>
        <span className="mcp-where mono">{where}</span>
      </div>
      <div className="mcp-row-actions">
        <button
          type="button"
          className="button small"
          onClick={test}
          disabled={result === 'testing'}
        >
          {result === 'testing' ? 'Testing…' : `Test ${server.name}`}
        </button>
        <button type="button" className="button small" onClick={props.onEdit}>
          Edit {server.name}
        </button>
        <button type="button" className="button small danger-outline" onClick={remove}>
          Remove {server.name}
        </button>
      </div>
      {result && result !== 'testing' ? (
        <p className={result.ok ? 'mcp-test ok' : 'mcp-test failed'} role="status">
          {result.ok
            ? `Connected · tools: ${result.tools.map((tool) => tool.name).join(', ') || 'none'}`
            : `Failed: ${result.error ?? 'unknown error'}`}
        </p>
      ) : null}
    </li>
  );
}

/** Which servers a project's new sessions start with. */
function ProjectChoice({ projectId, servers }: { projectId: string; servers: McpServer[] | null }) {
  const { selection, toggle } = useMcpSelection(
    () => api.call('getProjectMcp', { projectId }),
    (enabled) => api.call('setProjectMcp', { projectId }, { enabled }),
    [projectId, servers],
  );
  if (!selection || selection.servers.length === 0) return null;
  return (
    <fieldset className="mcp-choice">
      <legend>On in new sessions</legend>
      <McpToggles selection={selection} onToggle={toggle} />
    </fieldset>
  );
}

function isProject(project: Project | undefined): project is Project {
  return project !== undefined;
}
