export * from './common.js';
export * from './errors.js';
export * from './events.js';
export * from './messages.js';
export * from './preferences.js';
export * from './projects.js';
export * from './sessions.js';
export * from './worktrees.js';
