import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler } from 'express';
import {
  ENDPOINTS,
  type Endpoint,
  type Endpoints,
  type OpenApiDocument,
  type serverEndpoints,
} from '../contract/index.js';
import { GroveError } from '../errors.js';
import { errorHandler, sendError } from './errors.js';
import { buildOpenApi } from './openapi.js';
import { mountEndpoints, type Handlers } from './route.js';
import { bearerAuth, hostGuard, pageHeaders, type RequestGuard } from './security.js';

/** Every endpoint's handler but the two the app answers itself. */
export type ApiHandlers = Handlers<Omit<Endpoints, keyof typeof serverEndpoints>>;

export interface AppOptions {
  guard: RequestGuard;
  handlers: ApiHandlers;
  version: string;
  /** Built renderer to serve at `/`, when present. */
  rendererDir: string | null;
  log: (message: string) => void;
  /** Check every success body against its schema (tests turn this on). */
  checkResponses?: boolean;
}

const BODY_LIMIT = '1mb';

export function createApp(options: AppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(pageHeaders);
  app.use(hostGuard(options.guard));

  // Built on first request: turning every schema into JSON Schema is start-up time nobody waits for.
  let openApi: OpenApiDocument | null = null;
  const handlers: Handlers<Endpoints> = {
    ...options.handlers,
    getHealth: () => ({ ok: true, version: options.version }),
    getOpenApi: () => (openApi ??= buildOpenApi(options.version)),
  };
  const checkResponses = options.checkResponses ?? false;
  mountEndpoints(app, ENDPOINTS, handlers, {
    checkResponses,
    select: (endpoint) => endpoint.public === true,
  });
  app.use(
    '/api',
    bearerAuth(options.guard),
    requireJsonBody(uploadPaths(ENDPOINTS)),
    express.json({ limit: BODY_LIMIT }),
  );
  const router = express.Router();
  mountEndpoints(router, ENDPOINTS, handlers, {
    checkResponses,
    select: (endpoint) => endpoint.public !== true,
  });
  app.use(router);
  app.use('/api', (req, res) => {
    sendError(
      res,
      new GroveError('not-found', `No endpoint ${req.method} ${req.baseUrl}${req.path}.`),
    );
  });

  if (options.rendererDir && existsSync(path.join(options.rendererDir, 'index.html'))) {
    const index = path.join(options.rendererDir, 'index.html');
    app.use(express.static(options.rendererDir, { index: false, maxAge: '1h' }));
    // Client-side routes all load the app shell; never cache it so updates show at once.
    app.get(/^(?!\/api\/|\/ws).*/, (_req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      res.sendFile(index);
    });
  } else {
    app.get('/', (_req, res) => {
      sendError(
        res,
        new GroveError(
          'not-found',
          'The Grove UI is not built here; run "npm run build:renderer" (npm run serve does it for you). The API is at /api.',
        ),
      );
    });
  }
  app.use(errorHandler(options.log));
  return app;
}

/**
 * A request that carries a body must say it is JSON; anything else is a 415, not a parse error.
 * Upload endpoints take `multipart/form-data` instead, and check it themselves.
 */
const requireJsonBody =
  (uploads: readonly RegExp[]): RequestHandler =>
  (req, _res, next) => {
    const hasBody =
      req.headers['transfer-encoding'] !== undefined ||
      Number(req.headers['content-length'] ?? 0) > 0;
    const isUpload =
      req.method === 'POST' &&
      uploads.some((route) => route.test(req.originalUrl.split('?')[0] ?? ''));
    if (isUpload) {
      next();
      return;
    }
    if (hasBody && (!req.is('application/json') || !isUtf8(req.headers['content-type']))) {
      next(
        new GroveError(
          'unsupported-media-type',
          'Send the body as UTF-8 JSON with "Content-Type: application/json".',
        ),
      );
      return;
    }
    next();
  };

/** The paths of the endpoints that take an upload, as patterns (`:xxxId` is one segment). */
function uploadPaths(endpoints: Record<string, Endpoint>): RegExp[] {
  return Object.values(endpoints)
    .filter((endpoint) => endpoint.upload)
    .map((endpoint) => new RegExp(`^${endpoint.path.replace(/:\w+/g, '[^/]+')}$`));
}

/** JSON is UTF-8 (RFC 8259); any other declared charset (utf-7, latin1, …) is refused. */
function isUtf8(contentType: string | undefined): boolean {
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(contentType ?? '')?.[1];
  return charset === undefined || /^utf-?8$/i.test(charset);
}
