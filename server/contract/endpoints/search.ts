import { FileSearchQuery, FileSearchResult, SearchQuery, SearchResult } from '../search.js';
import { defineEndpoints } from './define.js';

const tag = 'Search';

export const searchEndpoints = defineEndpoints({
  searchMessages: {
    method: 'get',
    path: '/api/search',
    tag,
    summary:
      "Search the text of every session's messages (any case, any substring), newest first, with a snippet around each match",
    query: SearchQuery,
    response: SearchResult,
    errors: ['not-found'],
  },
  searchWorktreeFiles: {
    method: 'get',
    path: '/api/worktrees/:worktreeId/files',
    tag,
    summary:
      'Fuzzy-find files in a worktree (tracked and untracked, .gitignore respected), best matches first; an empty query lists them in path order',
    query: FileSearchQuery,
    response: FileSearchResult,
    errors: ['not-found', 'git-failed', 'git-not-found'],
  },
});
