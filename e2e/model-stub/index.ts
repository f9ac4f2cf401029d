// Scripted local model server that the real `claude`, `codex` and `opencode` CLIs talk to.
// See README.md in this folder for the scripting API and how each CLI is pointed at it.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { analyzeAnthropic, respondAnthropic, sendAnthropicError } from './anthropic.js';
import { header, readBody, sendJson } from './http.js';
import { imagesIn, withImagesEchoed } from './images.js';
import { analyzeResponses, respondResponses, sendResponsesError } from './responses.js';
import { errorStepOf, estimateTokens, ScriptBook } from './script.js';
import { dialectOf, qualifiedName, type ToolContext } from './tools.js';
import type { Dialect, Matcher, ModelStub, RecordedRequest, Turn } from './types.js';

export type * from './types.js';
export { gate } from './script.js';

export interface ModelStubOptions {
  /** Port to listen on (default 0 = any free port). Always binds 127.0.0.1. */
  port?: number;
  /** Log one line per request to stderr (also enabled by env MODEL_STUB_DEBUG=1). */
  debug?: boolean;
}

interface TurnApi {
  provider: 'anthropic' | 'openai-responses';
  view: {
    tools: ToolContext['tools'];
    model: string | undefined;
    prompt: string | undefined;
    cwd: string | undefined;
    lastTurn: number | undefined;
  };
  systemText: string;
  respond: (turn: Turn, turnIndex: number, ctx: ToolContext) => Promise<void>;
  sendError: (error: { status: number; message: string; type?: string | undefined }) => void;
}

/** Answers for side requests (titles, summaries) so they never consume or see the script. */
function sideTurn(systemText: string, prompt: string | undefined): Turn {
  const wantsJson = /\bJSON\b/.test(systemText) || /\bJSON\b/.test(prompt ?? '');
  return [{ text: wantsJson ? '{"title":"Stub session"}' : 'Stub session' }];
}

export async function startModelStub(options: ModelStubOptions = {}): Promise<ModelStub> {
  const book = new ScriptBook();
  const requests: RecordedRequest[] = [];
  const debug = options.debug === true || process.env['MODEL_STUB_DEBUG'] === '1';

  const record = (
    req: IncomingMessage,
    path: string,
    body: unknown,
    extra: Omit<RecordedRequest, 'seq' | 'method' | 'path' | 'headers' | 'body'>,
  ): void => {
    const entry: RecordedRequest = {
      seq: requests.length,
      method: req.method ?? 'GET',
      path,
      headers: req.headers,
      body,
      ...extra,
    };
    requests.push(entry);
    if (debug) {
      const where =
        entry.scriptIndex === undefined
          ? ''
          : ` script=${entry.scriptIndex} turn=${entry.turnIndex ?? '?'}`;
      process.stderr.write(
        `[model-stub] ${entry.method} ${path} ${entry.dialect}/${entry.kind} model=${entry.model ?? '-'}${where} prompt=${JSON.stringify((entry.prompt ?? '').slice(0, 60))}\n`,
      );
    }
  };

  /**
   * One agent-turn request in either provider's API: requests without tools are side requests
   * (titles, summaries) answered generically; the others are answered from the script.
   */
  const answerTurn = async (
    req: IncomingMessage,
    path: string,
    body: unknown,
    api: TurnApi,
  ): Promise<void> => {
    const { view } = api;
    const dialect = dialectOf(view.tools, header(req.headers, 'user-agent'));
    const ctx: ToolContext = { dialect, tools: view.tools, cwd: view.cwd };
    const common = {
      provider: api.provider,
      dialect,
      model: view.model,
      prompt: view.prompt,
      tools: view.tools.map(qualifiedName),
      images: imagesIn(body),
    };
    if (view.tools.length === 0) {
      record(req, path, body, { ...common, kind: 'side' });
      await api.respond(sideTurn(api.systemText, view.prompt), 0, ctx);
      return;
    }
    const resolved = book.resolve(view.prompt, view.lastTurn);
    record(req, path, body, {
      ...common,
      kind: 'main',
      scriptIndex: resolved.scriptIndex,
      turnIndex: resolved.turnIndex,
    });
    const error = errorStepOf(resolved.turn);
    if (error) api.sendError(error);
    else await api.respond(withImagesEchoed(resolved.turn, common.images), resolved.turnIndex, ctx);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://stub');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const route = path.replace(/^\/v1(?=\/)/, '');
    const body = req.method === 'POST' ? await readBody(req) : undefined;
    const userAgent = header(req.headers, 'user-agent');
    const base = {
      provider: 'other' as const,
      dialect: 'unknown' as const,
      kind: 'side' as const,
      model: undefined,
      prompt: undefined,
      tools: [],
      images: [],
    };

    if (req.method === 'POST' && route === '/messages/count_tokens') {
      const view = analyzeAnthropic(body);
      record(req, path, body, {
        ...base,
        provider: 'anthropic',
        dialect: dialectOf(view.tools, userAgent),
        model: view.model,
        prompt: view.prompt,
        tools: view.tools.map((t) => t.name),
        images: [],
      });
      sendJson(res, 200, { input_tokens: estimateTokens(body) });
      return;
    }
    if (req.method === 'POST' && route === '/messages') {
      const view = analyzeAnthropic(body);
      await answerTurn(req, path, body, {
        provider: 'anthropic',
        view,
        systemText: view.systemText,
        respond: (turn, turnIndex, ctx) => respondAnthropic(res, body, view, turn, turnIndex, ctx),
        sendError: (error) => sendAnthropicError(res, error.status, error.message, error.type),
      });
      return;
    }
    if (req.method === 'POST' && route === '/responses') {
      const view = analyzeResponses(body);
      await answerTurn(req, path, body, {
        provider: 'openai-responses',
        view,
        systemText: '',
        respond: (turn, turnIndex, ctx) => respondResponses(res, body, view, turn, turnIndex, ctx),
        sendError: (error) => sendResponsesError(res, error.status, error.message, error.type),
      });
      return;
    }
    record(req, path, body, base);
    if ((req.method === 'GET' || req.method === 'HEAD') && route === '/models') {
      const data = ['claude-sonnet-5', 'gpt-5.5', 'stub-model'].map((id) => ({
        id,
        object: 'model',
        type: 'model',
        display_name: id,
        created_at: '2026-01-01T00:00:00Z',
        created: 1767225600,
        owned_by: 'stub',
      }));
      sendJson(res, 200, {
        object: 'list',
        data,
        models: [],
        has_more: false,
        first_id: null,
        last_id: null,
      });
      return;
    }
    if (req.method === 'HEAD' || (req.method === 'GET' && path === '/')) {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(req.method === 'HEAD' ? undefined : 'model-stub');
      return;
    }
    sendJson(res, 404, {
      type: 'error',
      error: {
        type: 'not_found_error',
        message: `model-stub: no route for ${req.method ?? ''} ${path}`,
      },
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      process.stderr.write(`[model-stub] handler failed: ${String(err)}\n`);
      if (!res.headersSent)
        sendJson(res, 500, { type: 'error', error: { type: 'api_error', message: String(err) } });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script(match: Matcher, turns: Turn[]): void {
      book.add(match, turns);
    },
    setDefaultText(text: string): void {
      book.defaultText = text;
    },
    mainRequests(dialect?: Dialect): RecordedRequest[] {
      return requests.filter(
        (r) => r.kind === 'main' && (dialect === undefined || r.dialect === dialect),
      );
    },
    reset(): void {
      book.clear();
      requests.length = 0;
    },
    close(): Promise<void> {
      return new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
