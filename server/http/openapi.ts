import { z } from 'zod';
import { ERROR_STATUS, ErrorBody } from '../contract/index.js';
import type { AnyRoute } from './route.js';

type JsonSchema = Record<string, unknown>;

/** Build the OpenAPI 3.1 document from the same route specs and zod schemas the server runs. */
export function buildOpenApi(routes: readonly AnyRoute[], version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
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

function operation(spec: AnyRoute): JsonSchema {
  const status = String(spec.status ?? 200);
  const parameters = [...spec.path.matchAll(/:(\w+)/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string', format: 'uuid' },
  }));
  if (spec.query) {
    const query = schemaOf(spec.query) as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, schema] of Object.entries(query.properties ?? {})) {
      parameters.push({ name, in: 'query', required: query.required?.includes(name) ?? false, schema } as never);
    }
  }
  const responses: Record<string, JsonSchema> = {
    [status]: {
      description: status === '204' ? 'No content' : 'Success',
      ...(spec.response ? { content: { 'application/json': { schema: schemaOf(spec.response) } } } : {}),
    },
  };
  for (const code of new Set(['invalid-request', 'unauthorized', ...(spec.errors ?? [])] as const)) {
    const errorStatus = String(ERROR_STATUS[code]);
    responses[errorStatus] ??= {
      description: code,
      content: { 'application/json': { schema: schemaOf(ErrorBody) } },
    };
  }
  return {
    summary: spec.summary,
    tags: [spec.tag],
    operationId: `${spec.method}${spec.path.replace(/[:/{}-](\w)/g, (_, c: string) => c.toUpperCase())}`,
    parameters,
    ...(spec.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(spec.body) } } } }
      : {}),
    responses,
  };
}

function schemaOf(schema: z.ZodType): JsonSchema {
  const id = z.globalRegistry.get(schema)?.id;
  if (id) return { $ref: `#/components/schemas/${id}` };
  return z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as JsonSchema;
}
