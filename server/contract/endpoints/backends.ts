import { z } from 'zod';
import { BackendInfo } from '../backends.js';
import { defineEndpoints } from './define.js';

export const backendEndpoints = defineEndpoints({
  listBackends: {
    method: 'get',
    path: '/api/backends',
    tag: 'Backends',
    summary: 'Each agent CLI: whether it was found, its path and version, and how to install it',
    response: z.array(BackendInfo),
    errors: [],
  },
});
