import { z } from 'zod';
import {
  CreateTerminal,
  ProjectScripts,
  ResizeTerminal,
  Terminal,
  UpdateProjectScripts,
} from '../contract/index.js';
import { route, type AnyRoute } from '../http/route.js';
import type { Services } from './services.js';

const tag = 'Terminals';

export function terminalRoutes({ terminals, scripts, worktrees }: Services): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/terminals',
      tag,
      summary: 'List the terminals of every worktree',
      response: z.array(Terminal),
      handler: () => terminals.all(),
    }),
    route({
      method: 'get',
      path: '/api/worktrees/:worktreeId/terminals',
      tag,
      summary: "List a worktree's terminals",
      response: z.array(Terminal),
      errors: ['not-found'],
      handler: ({ params }) => terminals.list(params.worktreeId ?? ''),
    }),
    route({
      method: 'post',
      path: '/api/worktrees/:worktreeId/terminals',
      tag,
      summary:
        'Open a terminal (a PTY) in the worktree: the login shell, or with kind "run" its run script; stream it over /ws/terminals/{id}',
      body: CreateTerminal,
      response: Terminal,
      status: 201,
      errors: ['not-found', 'too-many-terminals', 'no-script'],
      handler: ({ params, body }) => {
        const worktreeId = params.worktreeId ?? '';
        const size = { cols: body.cols, rows: body.rows };
        return body.kind === 'run'
          ? scripts.startRun(worktrees.get(worktreeId), size)
          : terminals.create(worktreeId, { kind: 'shell', ...size });
      },
    }),
    route({
      method: 'post',
      path: '/api/terminals/:terminalId/resize',
      tag,
      summary: "Resize a terminal's PTY",
      body: ResizeTerminal,
      response: Terminal,
      errors: ['not-found'],
      handler: ({ params, body }) =>
        terminals.resize(params.terminalId ?? '', body.cols, body.rows),
    }),
    route({
      method: 'delete',
      path: '/api/terminals/:terminalId',
      tag,
      summary: 'Close a terminal: stops its process group and everything it started',
      status: 204,
      errors: ['not-found'],
      handler: ({ params }) => terminals.remove(params.terminalId ?? ''),
    }),
    route({
      method: 'post',
      path: '/api/worktrees/:worktreeId/run',
      tag,
      summary: "Start the worktree's run script in a terminal of kind run (or get the running one)",
      body: CreateTerminal.pick({ cols: true, rows: true }),
      response: Terminal,
      status: 201,
      errors: ['not-found', 'too-many-terminals', 'no-script'],
      handler: ({ params, body }) =>
        scripts.startRun(worktrees.get(params.worktreeId ?? ''), {
          cols: body.cols,
          rows: body.rows,
        }),
    }),
    route({
      method: 'post',
      path: '/api/worktrees/:worktreeId/run/stop',
      tag,
      summary: 'Stop the run script and everything it started; its terminal stays to be read',
      response: Terminal.nullable(),
      errors: ['not-found'],
      handler: ({ params }) => scripts.stopRun(worktrees.get(params.worktreeId ?? '')),
    }),
    route({
      method: 'get',
      path: '/api/projects/:projectId/scripts',
      tag,
      summary:
        "The project's setup/run/teardown scripts: grove.json (or why it is invalid), the project's overrides, and what applies",
      response: ProjectScripts,
      errors: ['not-found'],
      handler: ({ params }) => scripts.forProject(params.projectId ?? ''),
    }),
    route({
      method: 'patch',
      path: '/api/projects/:projectId/scripts',
      tag,
      summary: "Override grove.json's scripts in the project's settings (null removes an override)",
      body: UpdateProjectScripts,
      response: ProjectScripts,
      errors: ['not-found'],
      handler: ({ params, body }) => scripts.updateOverrides(params.projectId ?? '', body),
    }),
  ];
}
