/**
 * Oversized answers against a real local server: a body past `maxBodyBytes` is refused as `too_large` and the
 * connection dropped, so the rest is never read (the server sees its writes stop); YAML is parsed only up to
 * `MAX_YAML_BYTES`; what a client caches is the mapped run, never the raw tree with its `params`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import { createContainerOpsClient } from '../../../src/backends/containerops/client.js';
import { MAX_YAML_BYTES } from '../../../src/backends/huawei/body.js';
import { DEFAULT_MAX_BODY_BYTES } from '../../../src/backends/huawei/http.js';
import { pid } from '../../helpers/pipeline-id.js';
import { failure } from '../containerops/swr-failure.js';

const TWENTY_MB = 20 * 1024 * 1024;
let server: Server | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = null;
});

/** Answers every request with `total` bytes of `chunk` repeated (respecting back-pressure); counts what it wrote. */
async function floodServer(chunk: string, total: number, contentType = 'application/json') {
  const sent = { bytes: 0, requests: 0, closedEarly: false };
  server = createServer((_req, res) => {
    sent.requests += 1;
    res.writeHead(200, { 'content-type': contentType, 'content-length': String(total) });
    res.on('close', () => {
      if (!res.writableFinished) sent.closedEarly = true;
    });
    const piece = Buffer.from(chunk);
    let written = 0;
    const pump = (): void => {
      while (written < total && !res.destroyed) {
        const n = Math.min(piece.length, total - written);
        written += n;
        sent.bytes += n;
        if (!res.write(n === piece.length ? piece : piece.subarray(0, n))) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end();
    };
    pump();
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sent };
}

function client(url: string, maxBodyBytes?: number) {
  return createContainerOpsClient({
    endpoint: url,
    auth: { kind: 'token', token: 'body-limit-token-0123' },
    retryBaseDelayMs: 1,
    ...(maxBodyBytes === undefined ? {} : { limits: { maxBodyBytes } }),
  });
}

describe('a 20 MB answer', () => {
  it('is too_large at the default 2 MB: the connection is dropped, the rest never read, nothing retried', async () => {
    const { url, sent } = await floodServer(`{"id": 1, "description": "${'x'.repeat(64 * 1024)}`, TWENTY_MB);
    const error = await failure(client(url).getRun(pid(1)));
    expect(error.kind).toBe('too_large');
    expect(error.detail).toBe(`body over ${DEFAULT_MAX_BODY_BYTES} bytes: not read further`);
    expect(sent.requests).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sent.closedEarly).toBe(true);
    // What the kernel's socket buffers took before the drop, not the 20 MB.
    expect(sent.bytes).toBeLessThan(TWENTY_MB / 2);
  });

  it('SWR_MAX_BODY_BYTES moves the limit', async () => {
    const body = JSON.stringify({ id: 7, name: 'big', description: 'y'.repeat(200_000) });
    const { url } = await floodServer(body, body.length);
    expect((await failure(client(url, 100_000).getRun(pid(7)))).kind).toBe('too_large');
    expect((await client(url, 300_000).getRun(pid(7))).name).toBe('big');
  });
});

describe('YAML', () => {
  const pipeline = (description: string) =>
    toYaml({ params: [{ name: 'DB_PASSWORD', value: 'yaml-param-secret-value' }], id: 9, name: 'y', description });

  it(`is parsed up to ${MAX_YAML_BYTES} bytes, and refused as too_large past it (unparsed)`, async () => {
    const small = pipeline('s'.repeat(1_000));
    const large = pipeline('l'.repeat(MAX_YAML_BYTES));
    const small$ = await floodServer(small, Buffer.byteLength(small), 'application/yaml');
    const run = await client(small$.url).getRun(pid(9));
    expect(run.name).toBe('y');
    // The cached value is the mapped run: no params, no raw tree.
    expect(JSON.stringify(run)).not.toContain('yaml-param-secret-value');
    expect(JSON.stringify(run)).not.toContain('DB_PASSWORD');
    await new Promise((resolve) => server?.close(resolve));
    const large$ = await floodServer(large, Buffer.byteLength(large), 'application/yaml');
    const error = await failure(client(large$.url).getRun(pid(9)));
    expect(error.kind).toBe('too_large');
    expect(error.detail).toMatch(/^YAML body of \d+ bytes of application\/yaml: YAML is read up to 262144 bytes$/);
  });

  it('an alias bomb is unreadable, not expanded', async () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i += 1)
      lines.push(
        `${'b'.repeat(i)}: &${'a'.repeat(i + 1)} [${Array(10)
          .fill(`*${'a'.repeat(i)}`)
          .join(',')}]`,
      );
    lines.push('id: 1');
    const bomb = lines.join('\n');
    const { url } = await floodServer(bomb, bomb.length, 'application/yaml');
    expect((await failure(client(url).getRun(pid(1)))).kind).toBe('invalid_response');
  });
});
