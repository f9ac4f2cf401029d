import type {
  BodyInput,
  Endpoint,
  Endpoints,
  ErrorBody,
  OperationId,
  ParamsOf,
  QueryInput,
  ResponseOf,
} from '@contract';
import type { Connection } from './connection.js';
import { ROUTES } from './routes.js';

/** A failed call: the server's error envelope, or `network` when Grove could not be reached. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** The files at fault, when the server names them (a merge's conflicts, files in its way). */
    readonly files?: readonly string[],
  ) {
    super(message);
  }
}

let connection: Connection | null = null;

export function setApiConnection(next: Connection | null): void {
  connection = next;
}

/** Path params first (when the path has any), then the query of a read or the body of a write. */
type CallArgs<E extends Endpoint> = [
  ...(keyof ParamsOf<E> extends never ? [] : [params: ParamsOf<E>]),
  ...(E['method'] extends 'get' | 'delete' ? InputArg<QueryInput<E>> : InputArg<BodyInput<E>>),
];

/** No argument when the endpoint takes no input; an optional one when every field is optional. */
type InputArg<T> = [T] extends [undefined] ? [] : Partial<T> extends T ? [input?: T] : [input: T];

type Reply<Id extends OperationId> = ResponseOf<Endpoints[Id]>;

/** Call one operation of the API, typed by the server's endpoint table. */
async function call<Id extends OperationId>(
  operationId: Id,
  ...args: CallArgs<Endpoints[Id]>
): Promise<Reply<Id>> {
  const [method = 'GET', template = ''] = ROUTES[operationId].split(' ');
  const hasParams = template.includes(':');
  const params: Record<string, string> = hasParams ? (args[0] ?? {}) : {};
  const input: unknown = hasParams ? args[1] : args[0];
  const path = pathOf(template, params);
  const isRead = method === 'GET' || method === 'DELETE';
  return send(method, isRead ? path + queryString(input) : path, isRead ? undefined : input);
}

function pathOf(template: string, params: Record<string, string>): string {
  return template.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}

type Route<Id extends OperationId> = [Id, ParamsOf<Endpoints[Id]>];

/** Send one file to an upload endpoint (multipart, field `file`), as the composer attaches it. */
async function upload<Id extends 'uploadAttachment'>(
  [operationId, params]: Route<Id>,
  file: File,
): Promise<Reply<Id>> {
  const form = new FormData();
  form.append('file', file, file.name);
  return send('POST', pathOf(ROUTES[operationId].split(' ')[1] ?? '', params), form);
}

/** A file endpoint's bytes (an attachment), for an `<img>` that cannot send the token itself. */
async function bytes<Id extends 'getAttachment'>([operationId, params]: Route<Id>): Promise<Blob> {
  if (!connection) throw new ApiError(0, 'not-connected', 'Grove is not connected yet.');
  const path = pathOf(ROUTES[operationId].split(' ')[1] ?? '', params);
  const response = await fetch(`${connection.baseUrl}${path}`, {
    headers: { authorization: `Bearer ${connection.token}` },
  });
  if (!response.ok) throw new ApiError(response.status, `http-${response.status}`, 'Not found.');
  return response.blob();
}

function queryString(query: unknown): string {
  if (typeof query !== 'object' || query === null) return '';
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

// The body is the endpoint's response: the server checks each one against its schema in tests.
async function send<T>(method: string, path: string, body: unknown): Promise<T> {
  if (!connection) throw new ApiError(0, 'not-connected', 'Grove is not connected yet.');
  const { baseUrl, token } = connection;
  let response: Response;
  try {
    response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined || body instanceof FormData
          ? {}
          : { 'content-type': 'application/json' }),
      },
      ...(body === undefined
        ? {}
        : { body: body instanceof FormData ? body : JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'network', `Grove is not reachable at ${baseUrl}. Is it still running?`);
  }
  const text = await response.text();
  if (!response.ok) {
    const parsed: unknown = text ? safeJson(text) : null;
    const error = isErrorBody(parsed) ? parsed.error : null;
    throw new ApiError(
      response.status,
      error?.code ?? `http-${response.status}`,
      error?.message ?? `Grove answered ${response.status} ${response.statusText}.`,
      error?.field,
      error?.files,
    );
  }
  return JSON.parse(text || 'null');
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'message' in error;
}

/** Every endpoint, by its operationId: `api.call('updateSession', { sessionId }, patch)`. */
export const api = { call, upload, bytes };

/** The message to show for any failure, in plain words. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The same failure with its message put in plain words; the status, code and field are kept. */
export function reworded(
  error: unknown,
  describe: (code: string, message: string) => string,
): unknown {
  if (!(error instanceof ApiError)) return error;
  const message = describe(error.code, error.message);
  return new ApiError(error.status, error.code, message, error.field, error.files);
}
