import { z } from 'zod';
import { Backend } from './common.js';

export const BackendInfo = z
  .object({
    backend: Backend,
    found: z.boolean(),
    path: z.string().nullable(),
    version: z.string().nullable(),
    install_hint: z.string(),
  })
  .meta({ id: 'BackendInfo' });
export type BackendInfo = z.infer<typeof BackendInfo>;
