import { isDeepStrictEqual } from 'node:util';
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import {
  successStatus,
  type BodyOf,
  type Endpoint,
  type ParamsOf,
  type QueryOf,
  type ResponseOf,
} from '../contract/index.js';
import { GroveError } from '../errors.js';
import { fromZodError } from './errors.js';
import { SerializedBody } from '../services/serialized-body.js';
import { sendSerialized } from './send-serialized.js';

export interface HandlerContext<E extends Endpoint> {
  params: ParamsOf<E>;
  query: QueryOf<E>;
  body: BodyOf<E>;
  req: Request;
  res: Response;
}

/**
 * Answers one endpoint; must return what the endpoint's `response` schema describes, as an
 * object or already serialized (see SerializedBody).
 */
export type Handler<E extends Endpoint> = (
  context: HandlerContext<E>,
) => Answer<ResponseOf<E>> | Promise<Answer<ResponseOf<E>>>;

type Answer<T> = T | SerializedBody<T>;

export type Handlers<T extends Record<string, Endpoint>> = { [Id in keyof T]: Handler<T[Id]> };

/** A route module's handlers for its endpoints, each typed by its own declaration. */
export function implement<T extends Record<string, Endpoint>>(
  _endpoints: T,
  handlers: Handlers<T>,
): Handlers<T> {
  return handlers;
}

export interface MountOptions {
  /** Check every success body against its schema (tests turn this on): drift becomes a 500. */
  checkResponses: boolean;
  /** Mount only the endpoints this picks (the public ones go before the token check). */
  select: (endpoint: Endpoint) => boolean;
}

const idParam = z.uuid();

export function mountEndpoints<T extends Record<string, Endpoint>>(
  router: Router,
  endpoints: T,
  handlers: Handlers<T>,
  options: MountOptions,
): void {
  for (const [operationId, spec] of Object.entries<Endpoint>(endpoints)) {
    if (!options.select(spec)) continue;
    // Generic over every endpoint: the checks below give the context the endpoint's own types.
    const handler = handlers[operationId] as Handler<Endpoint>;
    router[spec.method](spec.path, async (req, res) => {
      const params = validateParams(req.params as Record<string, string>);
      const body = spec.body ? parse(spec.body, req.body ?? {}, 'body') : undefined;
      const query = spec.query ? parse(spec.query, { ...req.query }, 'query') : undefined;
      const result = await handler({ params, body, query, req, res });
      if (res.headersSent) return;
      const status = successStatus(spec);
      if (result instanceof SerializedBody) {
        if (options.checkResponses)
          checkResponse(operationId, spec, JSON.parse(String(result.bytes)));
        sendSerialized(req, res, status, result);
        return;
      }
      if (options.checkResponses) checkResponse(operationId, spec, result);
      if (status === 204) res.status(204).end();
      else res.status(status).json(result);
    });
  }
}

function validateParams(params: Record<string, string>): Record<string, string> {
  for (const [name, value] of Object.entries(params)) {
    if (name.endsWith('Id') && !idParam.safeParse(value).success) {
      throw new GroveError('invalid-request', `${name}: must be a UUID.`, name);
    }
  }
  return params;
}

function parse<T>(schema: z.ZodType<T>, input: unknown, where: string): T {
  // With the input in each issue, a wrong type can be told apart from a missing field.
  const result = schema.safeParse(input, { reportInput: true });
  if (!result.success) throw fromZodError(result.error, where);
  return result.data;
}

/**
 * The body as the client will read it (after JSON) must parse, and parse to itself: a field the
 * schema does not know would otherwise be stripped here and slip through unseen.
 */
export function checkResponse(operationId: string, spec: Endpoint, result: unknown): void {
  if (!spec.response) {
    if (result !== undefined) throw new Error(`${operationId} must answer with no body.`);
    return;
  }
  const sent: unknown = result === undefined ? undefined : JSON.parse(JSON.stringify(result));
  const parsed = spec.response.safeParse(sent);
  if (!parsed.success) {
    throw new Error(
      `${operationId} answered with a body its schema rejects: ${z.prettifyError(parsed.error)}`,
    );
  }
  if (!isDeepStrictEqual(parsed.data, sent)) {
    throw new Error(`${operationId} answered with fields its schema does not declare.`);
  }
}
