import type { Prepared } from 'fuzzysort';
import type { FileSearchResult, GroveEvent } from '../contract/index.js';
import { listWorktreeFiles } from '../git/ls-files.js';
import type { ServiceContext } from './context.js';
import type { WorktreesService } from './worktrees.js';

/** A listing older than this is read again, for edits no event told about (a shell, an editor). */
const MAX_AGE_MS = 10_000;

/** Events after which a worktree's files may have changed. */
const CHANGING_EVENTS = new Set<GroveEvent['event']>([
  'tool-result',
  'run-completed',
  'run-failed',
  'run-cancelled',
  'git-status-updated',
]);

interface Listing {
  files: Promise<readonly Prepared[]>;
  listedAt: number;
}

/**
 * Fuzzy file search for @-mentions. The listing of each worktree is kept, prepared for
 * fuzzysort, until an agent's tool result, a run's end or a git status change in it (or age)
 * says it may be stale, so typing after `@` never waits on git.
 */
export class WorktreeFiles {
  private readonly listings = new Map<string, Listing>();

  constructor(
    context: ServiceContext,
    private readonly worktrees: WorktreesService,
  ) {
    context.hub.subscribe((frame) => {
      if (!CHANGING_EVENTS.has(frame.event)) return;
      const worktreeId = (frame.data as { worktree_id?: string }).worktree_id;
      if (worktreeId) this.listings.delete(worktreeId);
    });
  }

  async search(worktreeId: string, query: string, limit: number): Promise<FileSearchResult> {
    const files = await this.listing(worktreeId);
    const trimmed = query.trim();
    if (!trimmed) {
      return {
        files: files.slice(0, limit).map((file) => ({ path: file.target, indexes: [] })),
        total: files.length,
      };
    }
    const { default: fuzzysort } = await import('fuzzysort');
    const results = fuzzysort.go(trimmed, files, { limit, threshold: 0 });
    return {
      files: results.map((result) => ({ path: result.target, indexes: [...result.indexes] })),
      total: results.total,
    };
  }

  private listing(worktreeId: string): Promise<readonly Prepared[]> {
    const worktree = this.worktrees.get(worktreeId);
    const cached = this.listings.get(worktreeId);
    if (cached && Date.now() - cached.listedAt < MAX_AGE_MS) return cached.files;
    // fuzzysort is loaded by the first mention search, not at server start.
    const files = Promise.all([listWorktreeFiles(worktree.path), import('fuzzysort')]).then(
      ([paths, { default: fuzzysort }]) => paths.map((file) => fuzzysort.prepare(file)),
    );
    const listing = { files, listedAt: Date.now() };
    this.listings.set(worktreeId, listing);
    // A failed listing is not kept: the next keystroke tries git again.
    files.catch(() => {
      if (this.listings.get(worktreeId) === listing) this.listings.delete(worktreeId);
    });
    return files;
  }
}
