import type { Backend } from '@contract';
import { BACKEND_LABELS } from './format.js';

export interface PlainError {
  title: string;
  detail: string;
  /** A next step the UI can offer as a button. */
  action: 'open-settings' | 'retry' | null;
}

/** A run failure in plain words, with what to do about it. The server's message is kept as detail. */
export function describeRunError(
  code: string,
  message: string,
  backend: Backend | null,
): PlainError {
  const cli = backend ? BACKEND_LABELS[backend] : 'The agent';
  switch (code) {
    case 'backend-not-found':
      return {
        title: `${cli} is not installed, or Grove cannot find it`,
        detail: message,
        action: 'open-settings',
      };
    case 'not-logged-in':
    case 'auth-failed':
    case 'authentication-failed':
      return {
        title: `${cli} is not signed in`,
        detail: `${message} Sign in with the CLI in a terminal, then send the message again.`,
        action: null,
      };
    case 'model-not-found':
    case 'unknown-model':
      return {
        title: 'The model was not found',
        detail: `${message} Pick another model below.`,
        action: null,
      };
    case 'interrupted':
      return {
        title: 'The run was interrupted',
        detail: `${message} Send the message again to continue.`,
        action: null,
      };
    default:
      return { title: `${cli} stopped with an error`, detail: message, action: null };
  }
}

/** Server error codes from the REST API, in words a person can act on. */
export function describeApiError(code: string, message: string): string {
  switch (code) {
    case 'not-a-git-repo':
      return `${message} Choose the folder that contains the repository (the one with .git), or make this folder one with git init.`;
    case 'folder-not-found':
      return `${message} Check the path, or pick the folder from the list.`;
    case 'network':
      return message;
    default:
      return message;
  }
}

/** Why a project or worktree rename was refused, in words that say what happened to it. */
export function describeRenameError(
  thing: 'project' | 'worktree',
  code: string,
  message: string,
): string {
  if (code === 'not-found')
    return `This ${thing} no longer exists; it may have been deleted in another window.`;
  // Validation messages name the field first ("name: must not be empty").
  const reason = code === 'invalid-request' ? /^name:\s*(.+)$/.exec(message)?.[1] : undefined;
  if (reason) return `Could not rename the ${thing}: the name ${reason}`;
  return `Could not rename the ${thing}. ${message}`;
}
