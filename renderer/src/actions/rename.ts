import { reworded } from '../api/client.js';
import { describeRenameError } from '../lib/plain-errors.js';
import { optimistic } from './optimistic.js';

export interface NamedThing {
  kind: 'project' | 'worktree';
  /** The name the UI shows now. */
  shownName(): string | undefined;
  show(name: string): void;
  /** The PATCH that makes the new name stick. */
  save(name: string): Promise<unknown>;
}

/**
 * Show the new name at once; the `*-updated` event confirms it. A refusal puts the old name back,
 * unless something renamed it since (another window, a later rename), and says why in plain words.
 */
export async function renameOptimistically(thing: NamedThing, name: string): Promise<void> {
  await optimistic({
    show() {
      const before = thing.shownName();
      thing.show(name);
      return () => {
        if (before !== undefined && thing.shownName() === name) thing.show(before);
      };
    },
    save: () => thing.save(name),
    reword: (error) =>
      reworded(error, (code, message) => describeRenameError(thing.kind, code, message)),
  });
}
