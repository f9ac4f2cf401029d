import { searchEndpoints } from '../contract/index.js';
import { implement } from '../http/route.js';
import type { Services } from './services.js';

export const searchRoutes = ({ search, worktreeFiles }: Services) =>
  implement(searchEndpoints, {
    searchMessages: ({ query }) => search.search(query),
    searchWorktreeFiles: ({ params, query }) =>
      worktreeFiles.search(params.worktreeId, query.query, query.limit),
  });
