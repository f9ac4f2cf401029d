import { terminalEndpoints } from '../contract/index.js';
import { implement } from '../http/route.js';
import type { Services } from './services.js';

export const terminalRoutes = ({ terminals, scripts, worktrees }: Services) =>
  implement(terminalEndpoints, {
    listAllTerminals: () => terminals.all(),
    listTerminals: ({ params }) => terminals.list(params.worktreeId),
    createTerminal: ({ params, body }) => {
      const size = { cols: body.cols, rows: body.rows };
      return body.kind === 'run'
        ? scripts.startRun(worktrees.get(params.worktreeId), size)
        : terminals.create(params.worktreeId, { kind: 'shell', ...size });
    },
    resizeTerminal: ({ params, body }) => terminals.resize(params.terminalId, body.cols, body.rows),
    deleteTerminal: ({ params }) => terminals.remove(params.terminalId),
    startRunScript: ({ params, body }) =>
      scripts.startRun(worktrees.get(params.worktreeId), { cols: body.cols, rows: body.rows }),
    stopRunScript: ({ params }) => scripts.stopRun(worktrees.get(params.worktreeId)),
    getProjectScripts: ({ params }) => scripts.forProject(params.projectId),
    updateProjectScripts: ({ params, body }) => scripts.updateOverrides(params.projectId, body),
  });
