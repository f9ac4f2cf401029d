import type { ApiClient, ApiResponse } from './harness.js';

/** A real 1×1 PNG (transparent pixel): what a pasted screenshot looks like to the server. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** Upload `bytes` as `name` to a session, as the composer does (multipart, field `file`). */
export async function uploadAttachment<T = any>(
  api: ApiClient,
  sessionId: string,
  name: string,
  bytes: Uint8Array,
  mime = 'application/octet-stream',
): Promise<ApiResponse<T>> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: mime }), name);
  const response = await fetch(`${api.baseUrl}/api/sessions/${sessionId}/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${api.token}` },
    body: form,
  });
  const text = await response.text();
  const isJson = (response.headers.get('content-type') ?? '').includes('json');
  return { status: response.status, body: (isJson && text ? JSON.parse(text) : text) as T };
}
