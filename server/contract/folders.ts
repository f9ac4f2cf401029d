import { z } from 'zod';
import { PathText } from './common.js';

/** One folder of a listing, for the add-project path completion. */
export const FolderEntry = z
  .object({
    name: z.string(),
    path: z.string(),
    /** Whether the folder is the top of a git work tree (it has a `.git`). */
    git: z.boolean(),
  })
  .meta({ id: 'FolderEntry' });
export type FolderEntry = z.infer<typeof FolderEntry>;

export const FolderListing = z
  .object({
    /** The folder listed, absolute. */
    path: z.string(),
    /** Its parent, or null at the home folder (listings never leave it). */
    parent: z.string().nullable(),
    home: z.string(),
    /** Sub-folders, hidden ones left out, sorted by name. */
    folders: z.array(FolderEntry),
  })
  .meta({ id: 'FolderListing' });
export type FolderListing = z.infer<typeof FolderListing>;

export const ListFoldersQuery = z.strictObject({
  /** Absolute or `~/…`, inside the home folder; the home folder when left out. */
  path: PathText.optional(),
});

/** A repository's branches, for the base-branch picker. */
export const BranchList = z
  .object({
    /** The branch checked out in the project's own folder. */
    current: z.string(),
    local: z.array(z.string()),
    /** Remote-tracking branches as `origin/main`; `origin/HEAD` left out. */
    remote: z.array(z.string()),
  })
  .meta({ id: 'BranchList' });
export type BranchList = z.infer<typeof BranchList>;
