import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler } from 'express';
import { ApiError, errorBody, errorHandler } from './errors.js';
import { buildOpenApi } from './openapi.js';
import { mountRoutes, type AnyRoute } from './route.js';
import { bearerAuth, hostGuard, pageHeaders, type RequestGuard } from './security.js';

export interface AppOptions {
  guard: RequestGuard;
  routes: readonly AnyRoute[];
  version: string;
  /** Built renderer to serve at `/`, when present. */
  rendererDir: string | null;
  log: (message: string) => void;
}

const BODY_LIMIT = '1mb';

export function createApp(options: AppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(pageHeaders);
  app.use(hostGuard(options.guard));

  app.get('/api/health', (_req, res) => {
    res.json({ ok: true, version: options.version });
  });
  app.use('/api', bearerAuth(options.guard), requireJsonBody, express.json({ limit: BODY_LIMIT }));

  const openApi = buildOpenApi(options.routes, options.version);
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  const router = express.Router();
  mountRoutes(router, options.routes);
  app.use(router);
  app.use('/api', (req, res) => {
    const error = new ApiError('not-found', `No endpoint ${req.method} ${req.baseUrl}${req.path}.`);
    res.status(error.status).json(errorBody(error));
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
      const error = new ApiError(
        'not-found',
        'The Grove UI is not built here; run "npm run build:renderer" (npm run serve does it for you). The API is at /api.',
      );
      res.status(error.status).json(errorBody(error));
    });
  }
  app.use(errorHandler(options.log));
  return app;
}

/** A request that carries a body must say it is JSON; anything else is a 415, not a parse error. */
const requireJsonBody: RequestHandler = (req, _res, next) => {
  const hasBody =
    req.headers['transfer-encoding'] !== undefined ||
    Number(req.headers['content-length'] ?? 0) > 0;
  if (hasBody && (!req.is('application/json') || !isUtf8(req.headers['content-type']))) {
    next(
      new ApiError(
        'unsupported-media-type',
        'Send the body as UTF-8 JSON with "Content-Type: application/json".',
      ),
    );
    return;
  }
  next();
};

/** JSON is UTF-8 (RFC 8259); any other declared charset (utf-7, latin1, …) is refused. */
function isUtf8(contentType: string | undefined): boolean {
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(contentType ?? '')?.[1];
  return charset === undefined || /^utf-?8$/i.test(charset);
}
