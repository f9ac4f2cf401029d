/** Element ids that one component renders and another focuses (after a dialog creates them). */
export const projectToggleId = (projectId: string) => `project-${projectId}-toggle`;
export const worktreeRowId = (worktreeId: string) => `worktree-${worktreeId}-row`;
