import { z } from 'zod';
import { ERROR_STATUS, ErrorBody } from '../contract/index.js';
import type { AnyRoute } from './route.js';

type JsonSchema = Record<string, unknown>;

/** Build the OpenAPI 3.1 document from the same route specs and zod schemas the server runs. */
export function buildOpenApi(routes: readonly AnyRoute[], version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = { ...FIXED_PATHS };
  for (const spec of routes) {
    const path = spec.path.replace(/:(\w+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][spec.method] = operation(spec);
  }
  const components = z.toJSONSchema(z.globalRegistry, {
    uri: (id) => `#/components/schemas/${id}`,
    unrepresentable: 'any',
  }).schemas;
  return {
    openapi: '3.1.0',
    info: {
      title: 'Grove API',
      version,
      description:
        'Local API of Grove. Every /api route except /api/health needs "Authorization: Bearer <token>"; the token is in <data-dir>/token.',
    },
    servers: [{ url: 'http://127.0.0.1:3456' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      schemas: components,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
  };
}

/** The two routes app.ts mounts itself rather than through route specs. */
const FIXED_PATHS: Record<string, Record<string, JsonSchema>> = {
  '/api/health': {
    get: {
      summary: 'Liveness and version; needs no token',
      tags: ['Server'],
      operationId: 'getApiHealth',
      security: [],
      responses: {
        '200': {
          description: 'Success',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: { ok: { const: true }, version: { type: 'string' } },
                required: ['ok', 'version'],
              },
            },
          },
        },
      },
    },
  },
  '/api/openapi.json': {
    get: {
      summary: 'This OpenAPI 3.1 document',
      tags: ['Server'],
      operationId: 'getApiOpenapiJson',
      responses: {
        '200': {
          description: 'Success',
          content: { 'application/json': { schema: { type: 'object' } } },
        },
      },
    },
  },
};

function operation(spec: AnyRoute): JsonSchema {
  const status = String(spec.status ?? 200);
  const parameters = [...spec.path.matchAll(/:(\w+)/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string', format: 'uuid' },
  }));
  if (spec.query) {
    const query = schemaOf(spec.query) as {
      properties?: Record<string, JsonSchema>;
      required?: string[];
    };
    for (const [name, schema] of Object.entries(query.properties ?? {})) {
      parameters.push({
        name,
        in: 'query',
        required: query.required?.includes(name) ?? false,
        schema,
      } as never);
    }
  }
  const responses: Record<string, JsonSchema> = {
    [status]: {
      description: status === '204' ? 'No content' : 'Success',
      ...(spec.response
        ? { content: { 'application/json': { schema: schemaOf(spec.response) } } }
        : {}),
    },
  };
  // Every write can meet a full or failing disk; reads are served from memory.
  const storageErrors =
    spec.method === 'get' ? [] : (['storage-full', 'storage-unavailable'] as const);
  for (const code of new Set([
    'invalid-request',
    'unauthorized',
    ...(spec.errors ?? []),
    ...storageErrors,
  ] as const)) {
    const errorStatus = String(ERROR_STATUS[code]);
    responses[errorStatus] ??= {
      description: code,
      content: { 'application/json': { schema: schemaOf(ErrorBody) } },
    };
  }
  return {
    summary: spec.summary,
    tags: [spec.tag],
    operationId: operationId(spec.method, spec.path),
    parameters,
    ...(spec.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schemaOf(spec.body) } },
          },
        }
      : {}),
    responses,
  };
}

/** `get` + `/api/projects/:projectId` → `getApiProjectsProjectId`: letters and digits only. */
function operationId(method: string, path: string): string {
  const words = path.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return method + words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
}

/**
 * A schema for use inside the document. zod gives an unnamed schema (say `z.array(Project)`)
 * its own `$defs` with `#/$defs/Project` refs, but in OpenAPI `#` is the whole document, so those
 * refs would dangle: point them at the components, where every named schema already is.
 */
function schemaOf(schema: z.ZodType): JsonSchema {
  const id = z.globalRegistry.get(schema)?.id;
  if (id) return { $ref: `#/components/schemas/${id}` };
  const json = z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as JsonSchema;
  delete json.$schema;
  delete json.$defs;
  return JSON.parse(
    JSON.stringify(json).replace(/"#\/\$defs\//g, '"#/components/schemas/'),
  ) as JsonSchema;
}
