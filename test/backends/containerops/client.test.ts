import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import {
  type ContainerOpsClientOptions,
  createContainerOpsClient,
  DEFAULT_USER_AGENT,
  listPath,
} from '../../../src/backends/containerops/client.js';
import { BACKEND_ERROR_MESSAGES, type BackendErrorKind } from '../../../src/domain/backend-error.js';
import { createLogger } from '../../../src/log.js';
import { pid } from '../../helpers/pipeline-id.js';
import { fixture, type Handler, type LocalServer, startServer } from './local-server.js';
import { failure } from './swr-failure.js';

const TOKEN = 'test-token-0123456789';
let server: LocalServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(handler: Handler): Promise<LocalServer> {
  server = await startServer(handler);
  return server;
}

function clientFor(s: LocalServer, options: Partial<ContainerOpsClientOptions> = {}) {
  return createContainerOpsClient({
    endpoint: s.url,
    auth: { kind: 'token', token: TOKEN },
    retryBaseDelayMs: 5,
    ...options,
  });
}

describe('getPipeline', () => {
  it('sends GET /v3/manage/pipelines/{id} with the documented headers and parses the answer', async () => {
    const s = await serve(() => ({ body: fixture('pipeline-detail') }));
    const pipeline = await clientFor(s).getRun(pid(' 29476 '));
    expect(pipeline.id).toBe('29476');
    expect(pipeline.stages).toHaveLength(3);
    expect(s.requests).toHaveLength(1);
    const [req] = s.requests;
    expect(req?.method).toBe('GET');
    expect(req?.path).toBe('/v3/manage/pipelines/29476');
    expect(req?.rawQuery).toBe('');
    expect(req?.headers.accept).toBe('application/json');
    expect(req?.headers['content-type']).toBe('application/json;charset=utf8');
    expect(req?.headers['user-agent']).toBe(DEFAULT_USER_AGENT);
    expect(DEFAULT_USER_AGENT).toMatch(/^swr-pipeline-bot\/\d+\.\d+\.\d+$/);
    expect(req?.headers['x-auth-token']).toBe(TOKEN);
  });

  it('accepts a numeric id and drops leading zeros', async () => {
    const s = await serve(() => ({ body: { id: 42 } }));
    const client = clientFor(s, { cacheMs: 0 });
    await client.getRun(pid(42));
    await client.getRun(pid('0042'));
    expect(s.requests.map((r) => r.path)).toEqual(['/v3/manage/pipelines/42', '/v3/manage/pipelines/42']);
  });

  it.each([['abc'], ['12a'], [''], ['  '], ['-1'], ['1.5'], ['1234567890123456789'], ['../1'], ['1/2'], [1.5], [-3]])(
    'rejects the id %j with invalid_id and sends nothing',
    async (id) => {
      const s = await serve(() => ({ body: { id: 1 } }));
      const error = await failure(clientFor(s).getRun(pid(id)));
      expect(error.kind).toBe('invalid_id');
      expect(error.message).toBe(BACKEND_ERROR_MESSAGES.invalid_id);
      expect(s.requests).toHaveLength(0);
    },
  );

  it('parses a YAML body (what the service sends when Accept is ignored)', async () => {
    const s = await serve(() => ({
      headers: { 'content-type': 'application/yaml' },
      body: toYaml(fixture('pipeline-detail')),
    }));
    const pipeline = await clientFor(s).getRun(pid(29476));
    expect(pipeline.name).toBe('test4');
    expect(pipeline.stages[0]?.name).toBe('代码获取');
    expect(pipeline.updatedTime?.toISOString()).toBe('2019-01-21T03:31:27.317Z');
    expect(pipeline.endTime).toBeNull();
  });

  it('parses the YAML as the API reference prints it (unquoted times)', async () => {
    const yaml = [
      'description: ""',
      'group_id: 812',
      'id: 29476',
      'name: test4',
      'status:',
      '  updated_time: 2019-01-21T03:31:27.317648Z',
      '  end_time: 0001-01-01T00:00:00Z',
      '  stage_index: 0',
      '  stages:',
      '  - status: waiting',
      '  status: waiting',
    ].join('\n');
    const s = await serve(() => ({ headers: { 'content-type': 'text/plain' }, body: yaml }));
    const pipeline = await clientFor(s).getRun(pid(29476));
    expect(pipeline.id).toBe('29476');
    expect(pipeline.updatedTime?.toISOString()).toBe('2019-01-21T03:31:27.317Z');
    expect(pipeline.endTime).toBeNull();
    expect(pipeline.stages).toEqual([]);
    expect(pipeline.status).toEqual({ state: 'waiting', raw: 'waiting' });
  });

  it.each([
    ['cut-off JSON', '{"id": 29476, "name": "te', /^unreadable body: 25 bytes of text\/html$/],
    [
      'an HTML page',
      '<html><body><h1>Welcome to nginx</h1></body></html>',
      /^unreadable body: 51 bytes of text\/html$/,
    ],
    ['an empty body', '', /\(empty body\)/],
    ['a plain sentence', 'Service Unavailable', /^unreadable body: 19 bytes of text\/html$/],
    ['an array', '[{"id": 1}]', /not a pipeline/],
    ['an object without id', '{"errorCode": "x"}', /not a pipeline/],
  ])('turns a 200 with %s into invalid_response', async (_label, body, detail) => {
    const s = await serve(() => ({ headers: { 'content-type': 'text/html; charset=utf-8' }, body }));
    const error = await failure(clientFor(s).getRun(pid(1)));
    expect(error.kind).toBe('invalid_response');
    expect(error.status).toBe(200);
    expect(error.detail).toMatch(detail);
    expect(error.message).toBe(BACKEND_ERROR_MESSAGES.invalid_response);
  });

  it('turns a connection dropped in the middle of a 200 body into invalid_response', async () => {
    const body = JSON.stringify(fixture('pipeline-detail'));
    const s = await serve(() => ({ body, cutAfter: body.slice(0, 40) }));
    const error = await failure(clientFor(s, { retries: 0 }).getRun(pid(1)));
    expect(error.kind).toBe('invalid_response');
    expect(error.status).toBe(200);
  });

  it('keeps the length and media type of an unreadable body, never its text (SWR writes params first)', async () => {
    const body = `params:\n  - name: DB_PASSWORD\n    value: hunter2-not-a-real-one\n${'x'.repeat(2000)}: [`;
    const s = await serve((_req, n) =>
      n === 1
        ? { status: 502, headers: { 'content-type': 'application/yaml' }, body }
        : { headers: { 'content-type': 'text/yaml;x="<hunter2>"' }, body },
    );
    const error = await failure(clientFor(s, { retries: 0, cacheMs: 0 }).getRun(pid(1)));
    expect(error.detail).toBe(`${Buffer.byteLength(body)} bytes of application/yaml`);
    const garbled = await failure(clientFor(s, { retries: 0, cacheMs: 0 }).getRun(pid(1)));
    expect(garbled.detail).toBe(`unreadable body: ${Buffer.byteLength(body)} bytes of text/yaml`);
    expect(JSON.stringify(garbled)).not.toContain('hunter2');
  });
});

describe('searchByName', () => {
  it('encodes the filter, sends the limit, and reads Content-Range', async () => {
    const s = await serve(() => ({
      headers: { 'content-range': '0-2/208' },
      body: [
        { id: 1, name: 'demo-a', group_name: 'g', status: { status: 'success', stages: null } },
        { id: 2, name: 'demo-b', status: { status: 'running', stages: null } },
      ],
    }));
    const list = await clientFor(s).searchByName('demo', 10);
    expect(s.requests[0]?.path).toBe('/v3/manage/pipelines');
    expect(s.requests[0]?.rawQuery).toBe('filter=name%3A%3Ademo&limit=10&offset=0');
    expect(s.requests[0]?.query.get('filter')).toBe('name::demo');
    expect(list.total).toBe(208);
    expect(list.items).toEqual([
      { id: '1', name: 'demo-a', group: 'g', groupId: null, status: { state: 'succeeded', raw: 'success' } },
      { id: '2', name: 'demo-b', group: '', groupId: null, status: { state: 'running', raw: 'running' } },
    ]);
  });

  it('builds the list path with only the filter parts given (`|` encoded, as the signer encodes it)', () => {
    expect(listPath({ name: ' 镜像 build ' })).toBe('/v3/manage/pipelines?filter=name%3A%3A%E9%95%9C%E5%83%8F%20build');
    expect(listPath({ name: 'demo', groupId: 812, limit: 10, offset: 20 })).toBe(
      '/v3/manage/pipelines?filter=name%3A%3Ademo%7Cgroup_id%3A%3A812&limit=10&offset=20',
    );
    expect(listPath({ groupId: 5, limit: 3 })).toBe('/v3/manage/pipelines?filter=group_id%3A%3A5&limit=3');
    expect(listPath({})).toBe('/v3/manage/pipelines');
  });

  it('reads a null body as an empty list and a missing Content-Range as an unknown total', async () => {
    const s = await serve(() => ({ body: 'null' }));
    const list = await clientFor(s).searchByName('x', 5);
    expect(list).toEqual({ items: [], total: null });
  });

  it('skips entries that are not pipelines, keeping the rest', async () => {
    const s = await serve(() => ({
      headers: { 'content-range': '0-3/3' },
      body: [{ id: 1 }, 'junk', { name: 'no id' }],
    }));
    const list = await clientFor(s).searchByName('x', 5);
    expect(list.items.map((p) => p.id)).toEqual(['1']);
    expect(list.total).toBe(3);
  });

  it('rejects an object body with invalid_response', async () => {
    const s = await serve(() => ({ body: { id: 1 } }));
    const error = await failure(clientFor(s).searchByName('x', 5));
    expect(error.kind).toBe('invalid_response');
  });

  it('rejects a negative limit before sending', async () => {
    const s = await serve(() => ({ body: [] }));
    const error = await failure(clientFor(s).searchByName('x', -1));
    expect(error.kind).toBe('bad_request');
    expect(s.requests).toHaveLength(0);
  });
});

describe('error answers', () => {
  interface Case {
    label: string;
    status: number;
    body: unknown;
    headers?: Record<string, string>;
    op?: 'get' | 'list';
    kind: BackendErrorKind;
    code?: string;
    requestId?: string;
  }
  const cases: Case[] = [
    {
      label: '404 4040083 (SWR array)',
      status: 404,
      body: [{ errorCode: 'SVCSTG.SWR.4040083', errorMessage: 'request error: not fond request uri', detail: '' }],
      headers: { 'x-request-id': 'req-404083' },
      kind: 'unavailable',
      code: 'SVCSTG.SWR.4040083',
      requestId: 'req-404083',
    },
    {
      label: '404 4040162 (SWR single object)',
      status: 404,
      body: { errorCode: 'SVCSTG.SWR.4040162', errorMessage: 'Not found database data', detail: '' },
      kind: 'not_found',
      code: 'SVCSTG.SWR.4040162',
    },
    {
      label: '500 5001123 on a get',
      status: 500,
      body: [{ errorCode: 'SVCSTG.SWR.5001123', errorMessage: 'Fail to get pipeline detail!', detail: '' }],
      kind: 'not_found',
      code: 'SVCSTG.SWR.5001123',
    },
    {
      label: '500 5001123 on a list',
      status: 500,
      body: [{ errorCode: 'SVCSTG.SWR.5001123', errorMessage: 'Fail to get pipeline detail!', detail: '' }],
      op: 'list',
      kind: 'upstream',
      code: 'SVCSTG.SWR.5001123',
    },
    {
      label: "400 'id' is invalid on a get",
      status: 400,
      body: [{ errorCode: 'SVCSTG.S2I.4007003', errorMessage: "'id' is invalid", detail: '' }],
      kind: 'not_found',
      code: 'SVCSTG.S2I.4007003',
    },
    {
      label: '400 filter invalid on a list',
      status: 400,
      body: [{ errorCode: 'SVCSTG.SWR.4001035', errorMessage: "'filter' is invalid", detail: '' }],
      op: 'list',
      kind: 'bad_request',
      code: 'SVCSTG.SWR.4001035',
    },
    {
      label: '401 from the API gateway',
      status: 401,
      body: {
        error_code: 'APIGW.0301',
        error_msg: 'Incorrect IAM authentication information: verify aksk signature fail',
        request_id: 'b1a2c3',
      },
      kind: 'unauthorized',
      code: 'APIGW.0301',
      requestId: 'b1a2c3',
    },
    {
      label: '401 in the IAM shape',
      status: 401,
      body: { error: { code: 401, message: 'The token is expired.', title: 'Unauthorized' } },
      headers: { 'x-request-id': 'iam-req-1' },
      kind: 'unauthorized',
      code: '401',
      requestId: 'iam-req-1',
    },
    {
      label: '403',
      status: 403,
      body: [{ errorCode: 'SVCSTG.SWR.4031033', errorMessage: 'You request is unavailable', detail: '' }],
      kind: 'forbidden',
      code: 'SVCSTG.SWR.4031033',
    },
    {
      label: '403 "too many requests"',
      status: 403,
      body: [{ errorCode: 'SVCSTG.SWR.4031042', errorMessage: 'You requests are too many', detail: '' }],
      kind: 'rate_limited',
      code: 'SVCSTG.SWR.4031042',
    },
    {
      label: '409',
      status: 409,
      body: [{ errorCode: 'SVCSTG.SWR.4091105', errorMessage: 'Pipeline is still running!', detail: '' }],
      kind: 'bad_request',
      code: 'SVCSTG.SWR.4091105',
    },
    {
      label: '429 without Retry-After',
      status: 429,
      body: { error_code: 'APIGW.0308', error_msg: 'throttled' },
      kind: 'rate_limited',
      code: 'APIGW.0308',
    },
    { label: '502 HTML page', status: 502, body: '<html><body>Bad Gateway</body></html>', kind: 'upstream' },
    { label: '418', status: 418, body: '', kind: 'bad_request' },
  ];

  it.each(cases)('maps $label to $kind, keeping code and request id', async (c) => {
    const s = await serve(() => ({ status: c.status, body: c.body, headers: c.headers }));
    const client = clientFor(s, { retries: 0 });
    const error = await failure(c.op === 'list' ? client.searchByName('', 10) : client.getRun(pid(29476)));
    expect(error.kind).toBe(c.kind);
    expect(error.status).toBe(c.status);
    expect(error.code).toBe(c.code);
    expect(error.requestId).toBe(c.requestId);
    expect(error.message).toBe(BACKEND_ERROR_MESSAGES[c.kind]);
    expect(error.cause).toBeUndefined();
  });

  it('keeps the server message in detail, for logs', async () => {
    const s = await serve(() => ({
      status: 404,
      body: [{ errorCode: 'SVCSTG.SWR.4040162', errorMessage: 'Not found database data', detail: 'pipeline 9' }],
    }));
    const error = await failure(clientFor(s).getRun(pid(9)));
    expect(error.detail).toBe('Not found database data: pipeline 9');
  });

  it('does not retry a not-found that SWR reports as a 500', async () => {
    const s = await serve(() => ({
      status: 500,
      body: [{ errorCode: 'SVCSTG.SWR.5001123', errorMessage: 'x', detail: '' }],
    }));
    await failure(clientFor(s, { retries: 2 }).getRun(pid(1)));
    expect(s.requests).toHaveLength(1);
  });
});

describe('transport failures', () => {
  it('reports a refused connection as network', async () => {
    const s = await serve(() => ({ body: {} }));
    const url = s.url;
    await s.close();
    server = undefined;
    const client = createContainerOpsClient({
      endpoint: url,
      auth: { kind: 'token', token: TOKEN },
      retries: 1,
      retryBaseDelayMs: 5,
    });
    const error = await failure(client.getRun(pid(1)));
    expect(error.kind).toBe('network');
    expect(error.detail).toMatch(/ECONNREFUSED/);
    expect(error.message).toBe(BACKEND_ERROR_MESSAGES.network);
  });

  it('reports a reset connection as network, after retrying it', async () => {
    let count = 0;
    // Dropping the socket before any byte of the status line: a reset, not a cut body.
    const resetter = createServer((req) => {
      count += 1;
      req.socket.destroy();
    });
    await new Promise<void>((resolve) => resetter.listen(0, '127.0.0.1', resolve));
    const address = resetter.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const client = createContainerOpsClient({
        endpoint: `http://127.0.0.1:${port}`,
        auth: { kind: 'token', token: TOKEN },
        retries: 2,
        retryBaseDelayMs: 5,
      });
      const error = await failure(client.getRun(pid(1)));
      expect(error.kind).toBe('network');
      expect(count).toBe(3);
    } finally {
      resetter.closeAllConnections();
      await new Promise<void>((resolve) => resetter.close(() => resolve()));
    }
  });

  it('times out a server that never answers, without retrying', async () => {
    const s = await serve(() => ({ hang: true }));
    const error = await failure(clientFor(s, { timeoutMs: 150, retries: 2 }).getRun(pid(1)));
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe(BACKEND_ERROR_MESSAGES.timeout);
    // The 150 ms per-attempt timeout ended it (not the default 10 s), after one attempt.
    expect(error.detail).toMatch(/timeout of 150ms exceeded/);
    expect(s.requests).toHaveLength(1);
  });
});

describe('retries', () => {
  it('retries a 5xx and then succeeds', async () => {
    const s = await serve((_req, n) => (n < 3 ? { status: 503, body: 'busy' } : { body: { id: 5 } }));
    const lines: string[] = [];
    const client = clientFor(s, { retries: 2, logger: createLogger({ level: 'debug', write: (l) => lines.push(l) }) });
    const pipeline = await client.getRun(pid(5));
    expect(pipeline.id).toBe('5');
    expect(s.requests).toHaveLength(3);
    expect(JSON.parse(lines.at(-1) ?? '{}')).toMatchObject({ msg: 'swr call', status: 200, attempts: 3 });
  });

  it('gives up after `retries` extra attempts with upstream', async () => {
    const s = await serve(() => ({
      status: 500,
      body: [{ errorCode: 'SVCSTG.SWR.5001109', errorMessage: 'x', detail: '' }],
    }));
    const error = await failure(clientFor(s, { retries: 2 }).getRun(pid(5)));
    expect(error.kind).toBe('upstream');
    expect(error.code).toBe('SVCSTG.SWR.5001109');
    expect(s.requests).toHaveLength(3);
  });

  it('does not retry a 4xx', async () => {
    const s = await serve(() => ({ status: 404, body: {} }));
    await failure(clientFor(s, { retries: 2 }).getRun(pid(5)));
    expect(s.requests).toHaveLength(1);
  });

  it('honours a short Retry-After on a 429', async () => {
    const s = await serve((_req, n) =>
      n === 1 ? { status: 429, headers: { 'retry-after': '1' } } : { body: { id: 5 } },
    );
    const started = Date.now();
    const pipeline = await clientFor(s, { retries: 2, maxRetryAfterMs: 3_000 }).getRun(pid(5));
    expect(pipeline.id).toBe('5');
    expect(s.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('fails fast with rate_limited when Retry-After is longer than maxRetryAfterMs', async () => {
    const s = await serve(() => ({
      status: 429,
      headers: { 'retry-after': '120' },
      body: { error_code: 'APIGW.0308', error_msg: 'x' },
    }));
    const lines: string[] = [];
    const client = clientFor(s, {
      retries: 2,
      maxRetryAfterMs: 2_000,
      cacheMs: 0,
      logger: createLogger({ level: 'debug', write: (l) => lines.push(l) }),
    });
    const error = await failure(client.getRun(pid(5)));
    expect(error.kind).toBe('rate_limited');
    // The wait is the person's to make: kept on the error, not slept through.
    expect(error.retryAfterSeconds).toBe(120);
    expect(s.requests).toHaveLength(1);
    expect(JSON.parse(lines.at(-1) ?? '{}')).toMatchObject({ msg: 'swr call failed', status: 429, attempts: 1 });
    // Nothing of that call is still pending: the next request the server sees is the next call's.
    await failure(client.getRun(pid(6)));
    expect(s.requests.map((r) => r.path)).toEqual(['/v3/manage/pipelines/5', '/v3/manage/pipelines/6']);
  });

  it('reads Retry-After as an HTTP-date', async () => {
    const now = Date.parse('2024-06-01T12:00:00Z');
    const s = await serve(() => ({ status: 429, headers: { 'retry-after': 'Sat, 01 Jun 2024 13:00:00 GMT' } }));
    const error = await failure(clientFor(s, { now: () => now }).getRun(pid(5)));
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAfterSeconds).toBe(3600);
    expect(s.requests).toHaveLength(1);
  });

  it('retries a 429 without Retry-After with backoff, then reports rate_limited', async () => {
    const s = await serve(() => ({ status: 429 }));
    const error = await failure(clientFor(s, { retries: 2 }).getRun(pid(5)));
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAfterSeconds).toBeUndefined();
    expect(s.requests).toHaveLength(3);
  });
});

describe('sharing and caching', () => {
  it('makes one request for concurrent gets of one pipeline', async () => {
    const s = await serve(async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { body: { id: 7, name: 'shared' } };
    });
    const client = clientFor(s, { cacheMs: 0 });
    const results = await Promise.all(Array.from({ length: 5 }, () => client.getRun(pid(7))));
    expect(results.map((p) => p.name)).toEqual(['shared', 'shared', 'shared', 'shared', 'shared']);
    expect(s.requests).toHaveLength(1);
    await Promise.all([client.getRun(pid(8)), client.getRun(pid(9))]);
    expect(s.requests.map((r) => r.path).sort()).toEqual([
      '/v3/manage/pipelines/7',
      '/v3/manage/pipelines/8',
      '/v3/manage/pipelines/9',
    ]);
  });

  it('serves a burst from the cache until cacheMs has passed', async () => {
    let now = 1_000_000;
    const s = await serve((_req, n) => ({ body: { id: 7, name: `v${n}` } }));
    const client = clientFor(s, { cacheMs: 2_000, now: () => now });
    expect((await client.getRun(pid(7))).name).toBe('v1');
    now += 1_999;
    expect((await client.getRun(pid(7))).name).toBe('v1');
    expect((await client.getRun(pid('7'))).name).toBe('v1');
    expect(s.requests).toHaveLength(1);
    now += 1;
    expect((await client.getRun(pid(7))).name).toBe('v2');
    expect(s.requests).toHaveLength(2);
  });

  it('does not cache errors', async () => {
    const s = await serve((_req, n) => (n === 1 ? { status: 404, body: {} } : { body: { id: 7 } }));
    const client = clientFor(s, { cacheMs: 60_000 });
    expect((await failure(client.getRun(pid(7)))).kind).toBe('not_found');
    expect((await client.getRun(pid(7))).id).toBe('7');
    expect(s.requests).toHaveLength(2);
  });

  it('caches lists by their query', async () => {
    const s = await serve(() => ({ body: [] }));
    const client = clientFor(s);
    await client.searchByName('a', 10);
    await client.searchByName('a', 10);
    await client.searchByName('b', 10);
    expect(s.requests).toHaveLength(2);
  });
});

describe('lastOutcome and logging', () => {
  it('records the last call for the health endpoint', async () => {
    const now = Date.parse('2024-06-01T12:00:00Z');
    const s = await serve((req) => (req.path.endsWith('/1') ? { body: { id: 1 } } : { status: 404, body: {} }));
    const client = clientFor(s, { now: () => now });
    expect(client.lastOutcome()).toBeNull();
    await client.getRun(pid(1));
    expect(client.lastOutcome()).toMatchObject({ ok: true, kind: null, at: new Date(now) });
    await failure(client.getRun(pid(2)));
    const outcome = client.lastOutcome();
    expect(outcome).toMatchObject({ ok: false, kind: 'not_found', at: new Date(now) });
    expect(outcome?.durationMs).toBeGreaterThanOrEqual(0);
    // An id refused before any request says nothing about SWR's health.
    await failure(client.getRun(pid('x')));
    expect(client.lastOutcome()).toBe(outcome);
  });

  it('logs one line per call with method, path, status, ms, attempts and kind — no headers', async () => {
    const s = await serve((req) =>
      req.path.endsWith('/1') ? { body: { id: 1 } } : { status: 404, body: [{ errorCode: 'SVCSTG.SWR.4040162' }] },
    );
    const lines: string[] = [];
    const client = clientFor(s, { logger: createLogger({ level: 'debug', write: (l) => lines.push(l) }) });
    await client.getRun(pid(1));
    await client.getRun(pid(1));
    await failure(client.getRun(pid(2)));
    expect(lines).toHaveLength(2);
    const [ok, failed] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(ok).toMatchObject({
      level: 'debug',
      msg: 'swr call',
      method: 'GET',
      path: '/v3/manage/pipelines/1',
      status: 200,
      attempts: 1,
    });
    expect(typeof ok?.ms).toBe('number');
    expect(failed).toMatchObject({
      level: 'info',
      msg: 'swr call failed',
      path: '/v3/manage/pipelines/2',
      status: 404,
      kind: 'not_found',
      code: 'SVCSTG.SWR.4040162',
    });
    for (const line of lines) {
      expect(line).not.toContain(TOKEN);
      expect(line.toLowerCase()).not.toContain('x-auth-token');
    }
  });
});
