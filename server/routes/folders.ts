import { folderEndpoints } from '../contract/index.js';
import { implement } from '../http/route.js';
import type { Services } from './services.js';

export const folderRoutes = ({ folders }: Services) =>
  implement(folderEndpoints, {
    listFolders: ({ query }) => folders.list(query.path),
  });
