import type { z } from 'zod';
import type { ErrorCode } from '../errors.js';

interface EndpointBase {
  /** Express-style; every `:xxxId` parameter is a UUID. */
  path: `/api/${string}`;
  tag: string;
  summary: string;
  /** What a success answers with; without it the answer is 204 No Content. */
  response?: z.ZodType;
  /** Success status when not 200 (or 204 without a response). */
  status?: 201 | 202;
  /** The codes only this endpoint can fail with; those every route shares are in `errorCodesOf`. */
  errors: readonly ErrorCode[];
  /** Served without the bearer token. */
  public?: true;
  /** The body is `multipart/form-data` carrying one file in the field `file`; the handler reads it. */
  upload?: true;
  /** A success answers a stored file's bytes, with that file's content type (200). */
  binary?: true;
}

/**
 * One endpoint of the API, declared once. The server mounts and validates it, the OpenAPI
 * document describes it, and the renderer's client calls it, all from this declaration. Reads
 * and deletes take their input in the query, writes in a JSON body, so a client knows which
 * from the method alone.
 */
export type Endpoint = EndpointBase &
  (
    | { method: 'get' | 'delete'; query?: z.ZodType; body?: never; optionalBody?: never }
    | {
        method: 'post' | 'patch' | 'put';
        body?: z.ZodType;
        /** The body may be left out altogether; it is then read as `{}`. */
        optionalBody?: true;
        query?: never;
      }
  );

export type Method = Endpoint['method'];

/** Declare a resource's endpoints, keyed by operationId; keeps every literal type. */
export function defineEndpoints<const T extends Record<string, Endpoint>>(endpoints: T): T {
  return endpoints;
}

type ParamNames<Path extends string> = Path extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : Path extends `${string}:${infer Name}`
    ? Name
    : never;

/** `/api/sessions/:sessionId/queue/:messageId` → `{ sessionId: string; messageId: string }`. */
export type PathParams<Path extends string> = { [Name in ParamNames<Path>]: string };

/** What a schema-less slot holds: nothing. */
type Output<S> = S extends z.ZodType ? z.output<S> : undefined;
type Input<S> = S extends z.ZodType ? z.input<S> : undefined;

export type ParamsOf<E extends Endpoint> = PathParams<E['path']>;
export type QueryOf<E extends Endpoint> = Output<E['query']>;
export type BodyOf<E extends Endpoint> = Output<E['body']>;
/** What a client sends: the schemas' input side (e.g. a query flag as the string 'true'). */
export type QueryInput<E extends Endpoint> = Input<E['query']>;
export type BodyInput<E extends Endpoint> = Input<E['body']>;
/** A success's body; `void` for 204 No Content. */
export type ResponseOf<E extends Endpoint> = E extends { response: infer R extends z.ZodType }
  ? z.output<R>
  : void;
/** `PATCH /api/sessions/:sessionId`: the method and path as one literal type. */
export type RouteOf<E extends Endpoint> = `${Uppercase<E['method']>} ${E['path']}`;

export function successStatus(endpoint: Endpoint): 200 | 201 | 202 | 204 {
  return endpoint.status ?? (endpoint.response || endpoint.binary ? 200 : 204);
}

/**
 * Every code an endpoint can answer with: its own, plus what the HTTP layer adds to every route
 * (host and origin checks; then, behind the token, body parsing) and, for writes, a disk that
 * refuses the save. Reads are served from memory and never write.
 */
export function errorCodesOf(endpoint: Endpoint): ErrorCode[] {
  const shared: ErrorCode[] = ['forbidden-host', 'forbidden-origin'];
  if (!endpoint.public) {
    shared.push(
      'unauthorized',
      'invalid-request',
      'invalid-json',
      'payload-too-large',
      'unsupported-media-type',
    );
  }
  if (endpoint.method !== 'get') shared.push('storage-full', 'storage-unavailable');
  return [...new Set([...endpoint.errors, ...shared, 'internal' as const])];
}
