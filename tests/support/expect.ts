import type { Response } from 'supertest';
import { bearer, type TestApp } from './test-app';

/**
 * An error answer as clients see it: the status, a stable code (one of `code` when several are
 * acceptable), a message, and the request id that matches the X-Request-Id header.
 */
export function expectError(res: Response, status: number, code: string | string[]): void {
  const codes = Array.isArray(code) ? code : [code];
  expect({ status: res.status, statusCode: res.body?.statusCode }).toEqual({ status, statusCode: status });
  expect(codes).toContain(res.body.code);
  expect(res.body).toEqual(
    expect.objectContaining({ message: expect.any(String), requestId: res.headers['x-request-id'] }),
  );
  expect((res.body.message as string).length).toBeGreaterThan(0);
}

/** The status, with the body shown in the failure message when it differs. */
export function expectStatus(res: Response, status: number): void {
  expect({ status: res.status, body: res.status === status ? undefined : (res.body as unknown) }).toEqual({
    status,
    body: undefined,
  });
}

/** Every item of a cursor-paginated list, following nextCursor. */
export async function listAll(t: TestApp, token: string, path: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const sep = path.includes('?') ? '&' : '?';
    const url = `${path}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await t.http.get(url).set(bearer(token));
    if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${JSON.stringify(res.body)}`);
    items.push(...(res.body.items as Record<string, unknown>[]));
    cursor = res.body.nextCursor as string | null;
    if (!cursor) return items;
  }
  throw new Error(`GET ${path}: more than 1000 pages`);
}
