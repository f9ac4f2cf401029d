import { FolderListing, ListFoldersQuery } from '../folders.js';
import { defineEndpoints } from './define.js';

export const folderEndpoints = defineEndpoints({
  listFolders: {
    method: 'get',
    path: '/api/folders',
    tag: 'Folders',
    summary:
      "The sub-folders of a folder under the user's home (the home itself by default), git repositories marked",
    query: ListFoldersQuery,
    response: FolderListing,
    errors: ['folder-not-found', 'outside-home'],
  },
});
