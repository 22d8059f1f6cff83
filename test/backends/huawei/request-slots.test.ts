/**
 * The cap on requests in flight, against a real local server that counts how many it is answering at once: a flood
 * of lookups never has more than `maxConcurrentRequests` on the wire, every one is answered, the queue is first come
 * first served, and time spent queued never counts against an attempt's timeout.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createCodeArtsClient } from '../../../src/backends/codearts/client.js';
import { createContainerOpsClient } from '../../../src/backends/containerops/client.js';
import { DEFAULT_MAX_CONCURRENT_REQUESTS } from '../../../src/backends/huawei/http.js';
import { createRequestSlots } from '../../../src/backends/huawei/request-slots.js';
import { pid } from '../../helpers/pipeline-id.js';

let server: Server | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = null;
});

/** A server answering each request after `delayMs` with `answer(path)`; it records the most it held at once. */
async function countingServer(delayMs: number, answer: (path: string) => unknown) {
  const seen = { now: 0, most: 0, total: 0, order: [] as string[] };
  server = createServer((req, res) => {
    seen.now += 1;
    seen.total += 1;
    seen.most = Math.max(seen.most, seen.now);
    seen.order.push(req.url ?? '');
    req.resume();
    setTimeout(() => {
      seen.now -= 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer(req.url ?? '')));
    }, delayMs);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const swrAnswer = (path: string) => ({ id: Number(path.split('/').pop()), name: `p${path.split('/').pop()}` });

describe('SWR_MAX_CONCURRENT_REQUESTS', () => {
  it(`50 ContainerOps lookups at once: never more than ${DEFAULT_MAX_CONCURRENT_REQUESTS} on the wire, all answered`, async () => {
    const { url, seen } = await countingServer(20, swrAnswer);
    const client = createContainerOpsClient({ endpoint: url, auth: { kind: 'token', token: 'slots-token-0123' } });
    const runs = await Promise.all(Array.from({ length: 50 }, (_, i) => client.getRun(pid(1000 + i))));
    expect(runs.map((r) => r.name)).toEqual(Array.from({ length: 50 }, (_, i) => `p${1000 + i}`));
    expect(seen.total).toBe(50);
    expect(seen.most).toBe(DEFAULT_MAX_CONCURRENT_REQUESTS);
  });

  it('a cap of 3 holds for CodeArts too, whose reads are POSTs', async () => {
    const { url, seen } = await countingServer(20, () => ({ pipelines: [], total: 0 }));
    const client = createCodeArtsClient({
      endpoint: url,
      projectId: 'ae6f6d51e009d404a1858bdd0a7dee31',
      auth: { kind: 'token', token: 'slots-token-0123' },
      limits: { maxConcurrentRequests: 3 },
    });
    const lists = await Promise.all(Array.from({ length: 50 }, (_, i) => client.searchByName(`name-${i}`, 5)));
    expect(lists).toHaveLength(50);
    expect(seen.total).toBe(50);
    expect(seen.most).toBe(3);
  });

  it('waiting for a slot does not count against the timeout: 10 requests of 200 ms through 1 slot, timeout 1 s', async () => {
    const { url, seen } = await countingServer(200, swrAnswer);
    const client = createContainerOpsClient({
      endpoint: url,
      auth: { kind: 'token', token: 'slots-token-0123' },
      timeoutMs: 1_000,
      retries: 0,
      limits: { maxConcurrentRequests: 1 },
    });
    const ids = Array.from({ length: 10 }, (_, i) => 2000 + i);
    const runs = await Promise.all(ids.map((id) => client.getRun(pid(id))));
    expect(runs).toHaveLength(10);
    expect(seen.most).toBe(1);
    // First come, first served.
    expect(seen.order).toEqual(ids.map((id) => `/v3/manage/pipelines/${id}`));
  });
});

describe('createRequestSlots', () => {
  it('frees a slot whether the work succeeds or fails, and refuses a cap below 1', async () => {
    const slots = createRequestSlots(2);
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => slots.run(async () => (i % 2 === 0 ? i : Promise.reject(new Error('no'))))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    expect(slots.load()).toEqual({ active: 0, waiting: 0 });
    expect(() => createRequestSlots(0)).toThrow(/whole number/);
  });
});
