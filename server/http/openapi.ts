import { z } from 'zod';
import {
  ENDPOINTS,
  ERROR_STATUS,
  errorCodesOf,
  successStatus,
  type Endpoint,
  type ErrorCode,
  type OpenApiDocument,
} from '../contract/index.js';

type JsonSchema = Record<string, unknown>;

/**
 * Statuses every operation (or every one behind the token) can meet for the same reasons:
 * declared once under `components.responses` and referenced.
 */
const SHARED_RESPONSES: Record<number, { name: string; description: string }> = {
  401: { name: 'Unauthorized', description: 'No valid bearer token' },
  403: {
    name: 'Forbidden',
    description: "Not addressed to Grove's own host, or from a foreign origin",
  },
  413: { name: 'PayloadTooLarge', description: 'The request body is over 1 MB' },
  415: { name: 'UnsupportedMediaType', description: 'A request body that is not JSON' },
  500: { name: 'Internal', description: 'A fault inside Grove; its log has the details' },
};

/** The OpenAPI 3.1 document, built from the endpoint table and the zod schemas the server runs. */
export function buildOpenApi(version: string): OpenApiDocument {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const [operationId, endpoint] of Object.entries(ENDPOINTS)) {
    const path = endpoint.path.replace(/:(\w+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][endpoint.method] = operation(operationId, endpoint);
  }
  const tags = [...new Set(Object.values(ENDPOINTS).map((endpoint) => endpoint.tag))];
  return {
    openapi: '3.1.0',
    info: {
      title: 'Grove API',
      version,
      description:
        'Local API of Grove. Every /api route except /api/health needs "Authorization: Bearer <token>"; the token is in <data-dir>/token.',
      // No licence is chosen yet: an SPDX reference that says so rather than a guess.
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [{ url: 'http://127.0.0.1:3456', description: 'Grove on its default port' }],
    security: [{ bearer: [] }],
    tags: tags.map((name) => ({ name, description: `${name} endpoints` })),
    paths,
    components: {
      schemas: componentSchemas(),
      responses: Object.fromEntries(
        Object.entries(SHARED_RESPONSES).map(([status, { name, description }]) => [
          name,
          errorResponse(description, codesWithStatus(Number(status))),
        ]),
      ),
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
  };
}

function operation(operationId: string, endpoint: Endpoint): JsonSchema {
  const status = String(successStatus(endpoint));
  const parameters: JsonSchema[] = [...endpoint.path.matchAll(/:(\w+)/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string', format: 'uuid' },
  }));
  if (endpoint.query) {
    const query = schemaOf(endpoint.query) as {
      properties?: Record<string, JsonSchema>;
      required?: string[];
    };
    for (const [name, schema] of Object.entries(query.properties ?? {})) {
      parameters.push({
        name,
        in: 'query',
        required: query.required?.includes(name) ?? false,
        schema,
      });
    }
  }
  const responses: Record<string, JsonSchema> = {
    [status]: {
      description: status === '204' ? 'No content' : 'Success',
      ...(endpoint.response
        ? { content: { 'application/json': { schema: schemaOf(endpoint.response) } } }
        : {}),
      ...(endpoint.binary
        ? { content: { '*/*': { schema: { type: 'string', format: 'binary' } } } }
        : {}),
    },
  };
  for (const [errorStatus, codes] of byStatus(errorCodesOf(endpoint))) {
    const shared = SHARED_RESPONSES[errorStatus];
    // An endpoint with a code of its own at a shared status (an upload's 413) lists them all.
    const sharedFits = shared && codes.every((code) => !ENDPOINT_ONLY_CODES.has(code));
    responses[String(errorStatus)] = sharedFits
      ? { $ref: `#/components/responses/${shared.name}` }
      : errorResponse(codes.join(', '), codes);
  }
  return {
    summary: endpoint.summary,
    tags: [endpoint.tag],
    operationId,
    ...(endpoint.public ? { security: [] } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(endpoint.upload ? { requestBody: UPLOAD_BODY } : {}),
    ...(endpoint.body
      ? {
          requestBody: {
            required: !endpoint.optionalBody,
            content: { 'application/json': { schema: schemaOf(endpoint.body) } },
          },
        }
      : {}),
    responses,
  };
}

/** The one file of an upload endpoint. */
const UPLOAD_BODY = {
  required: true,
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object',
        required: ['file'],
        properties: { file: { type: 'string', format: 'binary' } },
      },
    },
  },
};

function byStatus(codes: readonly ErrorCode[]): Map<number, ErrorCode[]> {
  const groups = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = ERROR_STATUS[code];
    groups.set(status, [...(groups.get(status) ?? []), code]);
  }
  return new Map([...groups].sort(([a], [b]) => a - b));
}

/** Codes only some endpoints answer with, at a status others share (the attachment limits). */
const ENDPOINT_ONLY_CODES: ReadonlySet<ErrorCode> = new Set([
  'attachment-too-large',
  'attachment-type-not-allowed',
]);

function codesWithStatus(status: number): ErrorCode[] {
  return (Object.keys(ERROR_STATUS) as ErrorCode[]).filter(
    (code) => ERROR_STATUS[code] === status && !ENDPOINT_ONLY_CODES.has(code),
  );
}

/** The error envelope, its `code` narrowed to what this response can carry. */
function errorResponse(description: string, codes: readonly ErrorCode[]): JsonSchema {
  return {
    description,
    content: {
      'application/json': {
        schema: {
          allOf: [
            { $ref: '#/components/schemas/Error' },
            {
              type: 'object',
              required: ['error'],
              properties: {
                error: {
                  type: 'object',
                  required: ['code'],
                  properties: { code: { type: 'string', enum: codes } },
                },
              },
            },
          ],
        },
      },
    },
  };
}

/** Every named schema, with plain `$ref`s between them (a fragment is not a valid `$id`). */
function componentSchemas(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(z.globalRegistry, {
    uri: (id) => `#/components/schemas/${id}`,
    unrepresentable: 'any',
  });
  return Object.fromEntries(
    Object.entries(schemas).map(([name, schema]) => {
      const { $id: _id, $schema: _schema, ...rest } = schema as JsonSchema;
      return [name, rest];
    }),
  );
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
