import { objectAt, stringAt, type JsonObject } from '../shared/json.js';
import type { AgentEvent } from '../shared/types.js';

export type ResponseHandler = (result: JsonObject) => AgentEvent[];
/** Handles a request of ours that failed; without one the caller's default applies. */
export type ErrorHandler = (reason: string) => AgentEvent[];

/** Grove's JSON-RPC requests to app-server that wait for their answer, by id. */
export class PendingCalls {
  private readonly pending = new Map<
    number,
    { method: string; onResult: ResponseHandler; onError: ErrorHandler | null }
  >();

  /** `ids` is shared by the turns of one process, so a late answer never meets a new call. */
  constructor(
    private readonly send: (message: JsonObject) => void,
    private readonly ids: { next: number },
  ) {}

  call(
    method: string,
    params: JsonObject,
    onResult: ResponseHandler,
    onError: ErrorHandler | null = null,
  ): void {
    const id = this.ids.next++;
    this.pending.set(id, { method, onResult, onError });
    this.send({ method, id, params });
  }

  /** A response: its handler's events; a failure without a handler goes to `failed`. */
  settle(
    message: JsonObject,
    failed: (method: string, reason: string) => AgentEvent[],
  ): AgentEvent[] {
    const id = message['id'];
    if (typeof id !== 'number') return [];
    const request = this.pending.get(id);
    if (!request) return [];
    this.pending.delete(id);
    const error = objectAt(message['error']);
    if (error) {
      const reason = stringAt(error['message']) ?? JSON.stringify(error);
      return request.onError ? request.onError(reason) : failed(request.method, reason);
    }
    return request.onResult(objectAt(message['result']) ?? {});
  }
}
