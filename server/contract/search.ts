import { z } from 'zod';
import { Id, Timestamp } from './common.js';

export const SearchQuery = z.strictObject({
  q: z.string().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters'),
  project_id: Id.optional(),
  worktree_id: Id.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  include_archived: z
    .enum(['true', 'false'])
    .optional()
    .meta({ description: 'Search archived sessions and worktrees too (default false).' }),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

export const SearchHit = z
  .object({
    session_id: Id,
    session_name: z.string(),
    worktree_id: Id,
    project_id: Id,
    message_id: Id,
    created_at: Timestamp,
    /** Text around the match; `match_start`..`match_end` (UTF-16 offsets) is the match itself. */
    snippet: z.string(),
    match_start: z.number().int().nonnegative(),
    match_end: z.number().int().nonnegative(),
  })
  .meta({ id: 'SearchHit' });
export type SearchHit = z.infer<typeof SearchHit>;

export const SearchResult = z.object({ hits: z.array(SearchHit) }).meta({ id: 'SearchResult' });
export type SearchResult = z.infer<typeof SearchResult>;

export const FileSearchQuery = z.strictObject({
  query: z.string().max(500, 'must be at most 500 characters').default(''),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const FileMatch = z
  .object({
    path: z.string(),
    /** Offsets of the characters that matched the query, for highlighting. */
    indexes: z.array(z.number().int().nonnegative()),
  })
  .meta({ id: 'FileMatch' });
export type FileMatch = z.infer<typeof FileMatch>;

export const FileSearchResult = z
  .object({ files: z.array(FileMatch), total: z.number().int().nonnegative() })
  .meta({ id: 'FileSearchResult' });
export type FileSearchResult = z.infer<typeof FileSearchResult>;
