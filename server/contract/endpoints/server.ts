import { z } from 'zod';
import { defineEndpoints } from './define.js';

const tag = 'Server';

export const Health = z
  .object({ ok: z.literal(true), version: z.string() })
  .meta({ id: 'Health', examples: [{ ok: true, version: '0.1.0' }] });

/** The parts of an OpenAPI 3.1 document a client reads; the rest passes through. */
export const OpenApiDocument = z
  .looseObject({
    openapi: z.string(),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.record(z.string(), z.unknown())),
    components: z.looseObject({ schemas: z.record(z.string(), z.unknown()) }),
  })
  .meta({ id: 'OpenApiDocument', description: 'An OpenAPI 3.1 document.' });
export type OpenApiDocument = z.infer<typeof OpenApiDocument>;

export const serverEndpoints = defineEndpoints({
  getHealth: {
    method: 'get',
    path: '/api/health',
    tag,
    summary: 'Liveness and version; needs no token',
    response: Health,
    errors: [],
    public: true,
  },
  getOpenApi: {
    method: 'get',
    path: '/api/openapi.json',
    tag,
    summary: 'This OpenAPI 3.1 document',
    response: OpenApiDocument,
    errors: [],
  },
});
