import type { SearchHit, SearchQuery, Session } from '../contract/index.js';
import { GroveError } from '../errors.js';
import type { ServiceContext } from './context.js';

/** Characters of context either side of a match in a snippet. */
const CONTEXT_CHARS = 60;

/** Message search across sessions, narrowed to a project or worktree, archived ones on request. */
export class SearchService {
  constructor(private readonly context: ServiceContext) {}

  async search(query: SearchQuery): Promise<{ hits: SearchHit[] }> {
    const { store } = this.context;
    const worktrees = new Map(store.worktrees.map((worktree) => [worktree.id, worktree]));
    if (query.project_id && !store.projects.some((project) => project.id === query.project_id)) {
      throw new GroveError('not-found', `No project ${query.project_id}.`, 'project_id');
    }
    if (query.worktree_id && !worktrees.has(query.worktree_id)) {
      throw new GroveError('not-found', `No worktree ${query.worktree_id}.`, 'worktree_id');
    }
    const includeArchived = query.include_archived === 'true';
    const sessionOf = (id: string): Session | undefined => store.findSession(id);
    const accept = (sessionId: string) => {
      const session = sessionOf(sessionId);
      const worktree = session && worktrees.get(session.worktree_id);
      if (!session || !worktree) return false;
      if (query.worktree_id && worktree.id !== query.worktree_id) return false;
      if (query.project_id && worktree.project_id !== query.project_id) return false;
      return includeArchived || (session.archived_at === null && worktree.archived_at === null);
    };
    const found = await store.searchMessages(query.q, query.limit, accept);
    const hits = found.map((hit) => {
      const session = sessionOf(hit.sessionId) as Session;
      const worktree = worktrees.get(session.worktree_id);
      return {
        session_id: session.id,
        session_name: session.name,
        worktree_id: session.worktree_id,
        project_id: worktree?.project_id ?? '',
        message_id: hit.messageId,
        created_at: hit.createdAt,
        ...snippetAround(hit.text, hit.start, hit.end),
      };
    });
    return { hits };
  }
}

/** The match with some context, cut at whitespace where possible, on one line. */
export function snippetAround(text: string, start: number, end: number) {
  let from = Math.max(0, start - CONTEXT_CHARS);
  let to = Math.min(text.length, end + CONTEXT_CHARS);
  if (from > 0) {
    const space = text.indexOf(' ', from);
    if (space !== -1 && space < start) from = space + 1;
  }
  if (to < text.length) {
    const space = text.lastIndexOf(' ', to);
    if (space > end) to = space;
  }
  const prefix = from > 0 ? '…' : '';
  const suffix = to < text.length ? '…' : '';
  const flat = (part: string) => part.replace(/\s/g, ' ');
  const snippet = prefix + flat(text.slice(from, to)) + suffix;
  const matchStart = prefix.length + start - from;
  return { snippet, match_start: matchStart, match_end: matchStart + (end - start) };
}
