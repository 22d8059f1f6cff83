/**
 * The shared transport retries what the request says is safe to repeat — whatever its method — and nothing else;
 * a per-request body cap refuses larger answers. The single-flight cache forgets every key a test accepts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpTransport, type HttpRequest } from '../../../src/backends/huawei/http.js';
import { createSingleFlightCache } from '../../../src/backends/huawei/single-flight-cache.js';
import { type LocalServer, startServer } from '../containerops/local-server.js';

let server: LocalServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const transport = createHttpTransport({
  timeoutMs: 2_000,
  retries: 2,
  retryBaseDelayMs: 1,
  maxRetryAfterMs: 5_000,
  now: Date.now,
  secrets: () => [],
});

async function send(request: Omit<HttpRequest, 'url' | 'headers' | 'kindOf'>, status = 500) {
  server = await startServer(() => ({ status, body: { error_code: 'X', error_msg: 'no' } }));
  const result = await transport.send({ url: `${server.url}/x`, headers: {}, kindOf: () => 'upstream', ...request });
  return { result, requests: server.requests.length };
}

describe('retry flag', () => {
  it.each([
    ['POST', true, 3],
    ['GET', true, 3],
    ['POST', false, 1],
    ['GET', false, 1],
    ['PUT', false, 1],
  ] as const)('%s with retry %s → %i requests after a 500', async (method, retry, requests) => {
    const sent = await send({ method, retry });
    expect(sent.result.ok).toBe(false);
    expect(sent.requests).toBe(requests);
    expect(sent.result.attempts).toBe(requests);
  });

  it('maxBytes refuses a larger answer as too_large, without retrying', async () => {
    server = await startServer(() => ({ body: 'x'.repeat(5_000) }));
    const result = await transport.send({
      method: 'POST',
      url: `${server.url}/x`,
      headers: {},
      kindOf: () => 'upstream',
      retry: true,
      maxBytes: 1_000,
    });
    expect(result.ok ? null : result.error.kind).toBe('too_large');
    expect(server.requests).toHaveLength(1);
  });
});

describe('single-flight cache', () => {
  it('forgetWhere drops the kept keys a test accepts, and only those', async () => {
    const cache = createSingleFlightCache<number>({ ttlMs: 60_000, now: Date.now });
    let loads = 0;
    const load = async () => {
      loads += 1;
      return loads;
    };
    for (const key of ['a', 'a#1', 'b']) await cache.get(key, load);
    cache.forgetWhere((key) => key === 'a' || key.startsWith('a#'));
    expect(await cache.get('b', load)).toBe(3);
    expect(await cache.get('a', load)).toBe(4);
    expect(await cache.get('a#1', load)).toBe(5);
  });
});
