/** The API's limit on project, worktree and session names (`Name` in the contract). */
export const NAME_MAX_LENGTH = 120;

/**
 * What an inline rename should send: the trimmed draft, or null when there is nothing to save
 * (blank, or the same as the current name), so such edits never reach the server.
 */
export function nameToSave(draft: string, current: string): string | null {
  const name = draft.trim();
  return name && name !== current ? name : null;
}
