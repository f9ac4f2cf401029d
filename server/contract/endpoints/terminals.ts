import { z } from 'zod';
import {
  CreateTerminal,
  ProjectScripts,
  ResizeTerminal,
  Terminal,
  UpdateProjectScripts,
} from '../terminals.js';
import { defineEndpoints } from './define.js';

const tag = 'Terminals';
const TerminalSize = CreateTerminal.pick({ cols: true, rows: true });

export const terminalEndpoints = defineEndpoints({
  listAllTerminals: {
    method: 'get',
    path: '/api/terminals',
    tag,
    summary: 'List the terminals of every worktree',
    response: z.array(Terminal),
    errors: [],
  },
  listTerminals: {
    method: 'get',
    path: '/api/worktrees/:worktreeId/terminals',
    tag,
    summary: "List a worktree's terminals",
    response: z.array(Terminal),
    errors: ['not-found'],
  },
  createTerminal: {
    method: 'post',
    path: '/api/worktrees/:worktreeId/terminals',
    tag,
    summary:
      'Open a terminal (a PTY) in the worktree: the login shell, or with kind "run" its run script. Stream it over the WebSocket /ws/terminals/{id} (same token, Host and Origin checks as /ws): output as binary frames, the last 1 MB replayed first; every frame sent is input',
    body: CreateTerminal,
    optionalBody: true,
    response: Terminal,
    status: 201,
    errors: ['not-found', 'too-many-terminals', 'no-script'],
  },
  resizeTerminal: {
    method: 'post',
    path: '/api/terminals/:terminalId/resize',
    tag,
    summary: "Resize a terminal's PTY",
    body: ResizeTerminal,
    response: Terminal,
    errors: ['not-found'],
  },
  deleteTerminal: {
    method: 'delete',
    path: '/api/terminals/:terminalId',
    tag,
    summary: 'Close a terminal: stops its process group and everything it started',
    errors: ['not-found'],
  },
  startRunScript: {
    method: 'post',
    path: '/api/worktrees/:worktreeId/run',
    tag,
    summary: "Start the worktree's run script in a terminal of kind run (or get the running one)",
    body: TerminalSize,
    optionalBody: true,
    response: Terminal,
    status: 201,
    errors: ['not-found', 'too-many-terminals', 'no-script'],
  },
  stopRunScript: {
    method: 'post',
    path: '/api/worktrees/:worktreeId/run/stop',
    tag,
    summary: 'Stop the run script and everything it started; its terminal stays to be read',
    response: Terminal.nullable(),
    errors: ['not-found'],
  },
  getProjectScripts: {
    method: 'get',
    path: '/api/projects/:projectId/scripts',
    tag,
    summary:
      "The project's setup/run/teardown scripts: grove.json (or why it is invalid), the project's overrides, and what applies",
    response: ProjectScripts,
    errors: ['not-found'],
  },
  updateProjectScripts: {
    method: 'patch',
    path: '/api/projects/:projectId/scripts',
    tag,
    summary: "Override grove.json's scripts in the project's settings (null drops an override)",
    body: UpdateProjectScripts,
    response: ProjectScripts,
    errors: ['not-found'],
  },
});
