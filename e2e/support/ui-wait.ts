import type { Page, Response } from '@playwright/test';

/*
 * The rule for every test here: wait for the response or the event that proves the state, never
 * for a request having been sent, and never for a fixed time (no `waitForTimeout`, no sleeps).
 * The UI shows renames and picker changes at once, before the server has them, so what is on
 * screen proves nothing about the server. Use:
 * - `apiAnswer(page, method, path, action)`: a change the page makes through the API; waits for
 *   the server's answer to the request the action sends, and fails on anything but a 2xx;
 * - `expect.poll(() => server.ok('GET', …))`: state on the server changed by someone else;
 * - web-first assertions (`await expect(locator).toBeVisible()`, `toHaveText`…): state on screen;
 * - `expect.poll(() => page.evaluate(…))`: state the page keeps outside the DOM (clipboard…);
 * - `page.screenshot({ animations: 'disabled' })` after asserting what the picture must show.
 * `sentRequests` only lists what left the page: use it to prove nothing else was sent, once an
 * answer has been waited for.
 */

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

function samePath(url: string, path: string | RegExp): boolean {
  const pathname = new URL(url).pathname;
  return typeof path === 'string' ? pathname === path : path.test(pathname);
}

/**
 * Run `action` and wait for the server's answer to the `method` request on `path` that it makes.
 * The wait starts before the action, so a fast answer cannot be missed.
 */
export async function apiAnswer(
  page: Page,
  method: Method,
  path: string | RegExp,
  action: () => Promise<unknown>,
): Promise<Response> {
  const answered = page.waitForResponse(
    (response) => response.request().method() === method && samePath(response.url(), path),
  );
  // If the action throws, the wait is abandoned: keep its later rejection from going unhandled.
  answered.catch(() => undefined);
  await action();
  const response = await answered;
  if (!response.ok()) {
    throw new Error(
      `${method} ${response.url()} answered ${response.status()}: ${await response.text()}`,
    );
  }
  return response;
}

/** Paths of the `method` requests the page sends from now on (sent, not necessarily answered). */
export function sentRequests(page: Page, method: Method): string[] {
  const sent: string[] = [];
  page.on('request', (request) => {
    if (request.method() === method) sent.push(new URL(request.url()).pathname);
  });
  return sent;
}
