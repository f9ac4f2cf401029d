import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import type { ErrorCode } from '../contract/index.js';
import { ApiError, fromZodError } from './errors.js';

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

export interface RouteContext<Body, Query> {
  params: Record<string, string>;
  body: Body;
  query: Query;
  req: Request;
  res: Response;
}

/**
 * One endpoint, declared once: the same object mounts the handler, validates its input and
 * describes it in the OpenAPI document, so the three cannot drift apart.
 */
export interface RouteSpec<Body = unknown, Query = unknown> {
  method: Method;
  /** Express-style path; every `:xxxId` parameter must be a UUID. */
  path: string;
  summary: string;
  tag: string;
  body?: z.ZodType<Body>;
  query?: z.ZodType<Query>;
  response?: z.ZodType;
  /** Success status; 204 sends no body. */
  status?: number;
  errors?: readonly ErrorCode[];
  handler: (context: RouteContext<Body, Query>) => unknown;
}

export type AnyRoute = RouteSpec<never, never>;

/** Declare a route; typed against its own schemas, stored untyped in the route table. */
export function route<Body = undefined, Query = undefined>(spec: RouteSpec<Body, Query>): AnyRoute {
  return spec as unknown as AnyRoute;
}

const idParam = z.uuid();

export function mountRoutes(router: Router, routes: readonly AnyRoute[]): void {
  for (const spec of routes) {
    router[spec.method](spec.path, async (req, res) => {
      const params = validateParams(req.params as Record<string, string>);
      const body = spec.body ? parse(spec.body, req.body ?? {}, 'body') : undefined;
      const query = spec.query ? parse(spec.query, { ...req.query }, 'query') : undefined;
      const result = await (spec.handler as RouteSpec<unknown, unknown>['handler'])({
        params,
        body,
        query,
        req,
        res,
      });
      if (res.headersSent) return;
      const status = spec.status ?? 200;
      if (status === 204) res.status(204).end();
      else res.status(status).json(result);
    });
  }
}

function validateParams(params: Record<string, string>): Record<string, string> {
  for (const [name, value] of Object.entries(params)) {
    if (name.endsWith('Id') && !idParam.safeParse(value).success) {
      throw new ApiError('invalid-request', `${name}: must be a UUID.`, name);
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
