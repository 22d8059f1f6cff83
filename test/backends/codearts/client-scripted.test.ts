/**
 * `createCodeArtsClient` against a scripted HTTP server, for what the simulator cannot be made to do: the requests
 * as sent (paths, bodies, headers, signing), a detail call that ignores the run number, answers of the wrong
 * shape, a review answering `{"success": false}`, log paging that stalls, and a log page too large to hold.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type CodeArtsClientOptions, createCodeArtsClient } from '../../../src/backends/codearts/client.js';
import { LOG_TAIL_LIMITS } from '../../../src/backends/codearts/log-tail.js';
import { encodeRef } from '../../../src/backends/codearts/refs.js';
import type { PipelineBackend } from '../../../src/domain/backend.js';
import { asPipelineId } from '../../../src/domain/pipeline-id.js';
import { type Handler, type LocalServer, startServer } from '../containerops/local-server.js';
import { failure } from '../containerops/swr-failure.js';

const PROJECT = 'ae6f6d51e009d404a1858bdd0a7dee31';
const PIPELINE = asPipelineId('c87ae95a4b96141590b1cc0707da4e77');
const BASE = `/v5/${PROJECT}/api/pipelines`;
const RUN = (n: number) => `${String(n).padStart(2, '0')}${'a'.repeat(30)}`;
const STEP = { runId: RUN(1), jobRunId: 'b'.repeat(32), stepRunId: 'c'.repeat(32) };

let server: LocalServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function clientFor(handler: Handler, options: Partial<CodeArtsClientOptions> = {}): Promise<PipelineBackend> {
  server = await startServer(handler);
  return createCodeArtsClient({
    endpoint: server.url,
    projectId: PROJECT,
    auth: { kind: 'token', token: 'scripted-bot-token' },
    retries: 0,
    cacheMs: 0,
    timeoutMs: 2_000,
    ...options,
  });
}

const detail = (n: number) => ({ id: RUN(n), pipeline_id: PIPELINE, name: 'web', status: 'COMPLETED', run_number: n });

describe('requests as sent', () => {
  it('detail is a GET with the token; list and status are POSTs with JSON bodies', async () => {
    const c = await clientFor((req) => {
      if (req.path.endsWith('/detail')) return { body: detail(7) };
      if (req.path.endsWith('/list')) return { body: { offset: 0, limit: 5, total: 0, pipelines: [] } };
      return { body: [] };
    });
    await c.getRun(PIPELINE);
    await c.searchByName('  web  ', 5);
    await c.latestStatuses?.([PIPELINE, PIPELINE]);
    const [get, list, status] = server?.requests ?? [];
    expect(get).toMatchObject({ method: 'GET', path: `${BASE}/${PIPELINE}/pipeline-runs/detail`, rawQuery: '' });
    expect(get?.headers).toMatchObject({ 'x-auth-token': 'scripted-bot-token', accept: 'application/json' });
    expect(list).toMatchObject({ method: 'POST', path: `${BASE}/list` });
    expect(JSON.parse(list?.body ?? '')).toEqual({
      name: 'web',
      offset: 0,
      limit: 5,
      sort_key: 'create_time',
      sort_dir: 'desc',
    });
    expect(status).toMatchObject({ method: 'POST', path: `${BASE}/status` });
    expect(JSON.parse(status?.body ?? '')).toEqual([PIPELINE]);
  });

  it('a review is a POST without a body, signed with the person’s keys and X-Project-Id', async () => {
    const c = await clientFor(() => ({ body: { success: true } }));
    const ref = encodeRef('review', STEP) ?? '';
    const as = { kind: 'aksk' as const, accessKey: 'PERSONAK000000000001', secretKey: 'person-sk', projectId: 'p1' };
    await c.review({ pipelineId: PIPELINE, ref, decision: 'refuse', as });
    const [req] = server?.requests ?? [];
    expect(req).toMatchObject({ method: 'POST', body: '' });
    expect(req?.path).toBe(
      `${BASE}/${PIPELINE}/pipeline-runs/${STEP.runId}/jobs/${STEP.jobRunId}/steps/${STEP.stepRunId}/refuse`,
    );
    expect(req?.headers['x-project-id']).toBe('p1');
    expect(req?.headers.authorization).toMatch(
      /^SDK-HMAC-SHA256 Access=PERSONAK000000000001, SignedHeaders=.*x-project-id/,
    );
    expect(req?.headers['x-auth-token']).toBeUndefined();
  });
});

describe('run numbers', () => {
  it('a detail call that ignores pipeline_run_number: the run is found in the runs list, then read by id', async () => {
    const c = await clientFor((req) => {
      if (req.path.endsWith('/pipeline-runs/list')) {
        const runs = [9, 8, 7, 6, 5].map((n) => ({ pipeline_run_id: RUN(n), run_number: n, status: 'COMPLETED' }));
        return { body: { offset: 0, limit: 50, total: 5, pipeline_runs: runs } };
      }
      const id = req.query.get('pipeline_run_id');
      return { body: id === null ? detail(9) : detail(Number(id.slice(0, 2))) };
    });
    const run = await c.getRun(PIPELINE, { runNumber: 6 });
    expect(run.run).toMatchObject({ number: 6, id: RUN(6) });
    expect(server?.requests.map((r) => `${r.method} ${r.path.split('/').slice(-2).join('/')}?${r.rawQuery}`)).toEqual([
      'GET pipeline-runs/detail?pipeline_run_number=6',
      'POST pipeline-runs/list?',
      `GET pipeline-runs/detail?pipeline_run_id=${RUN(6)}`,
    ]);
    expect(JSON.parse(server?.requests[1]?.body ?? '')).toMatchObject({ offset: 0, limit: 50 });
  });

  it('a run older than the list shows is not_found', async () => {
    const c = await clientFor((req) =>
      req.path.endsWith('/list')
        ? { body: { total: 1, pipeline_runs: [{ pipeline_run_id: RUN(9), run_number: 9 }] } }
        : { status: 400, body: { error_code: 'DEVPIPE.00010400', error_msg: 'unknown parameter' } },
    );
    expect((await failure(c.getRun(PIPELINE, { runNumber: 3 }))).kind).toBe('not_found');
  });
});

describe('answers of the wrong shape', () => {
  it('a list that is not one, a 200 HTML page, another pipeline’s run: invalid_response', async () => {
    const c = await clientFor((req) => {
      if (req.path.endsWith('/list')) return { body: { pipelines: 'none' } };
      if (req.path.endsWith('/status')) return { body: '<html><body>Welcome</body></html>' };
      return { body: { ...detail(1), pipeline_id: 'ffffffffffffffffffffffffffffffff' } };
    });
    const list = await failure(c.searchByName('x', 5));
    expect(list).toMatchObject({ kind: 'invalid_response', status: 200 });
    expect(list.detail).toMatch(/^not a CodeArts pipeline list: pipelines/);
    const html = await failure(c.latestStatuses?.([PIPELINE]) ?? Promise.resolve());
    expect(html).toMatchObject({ kind: 'invalid_response', status: 200 });
    expect(html.detail).toMatch(/^unreadable body: \d+ bytes of /);
    expect(html.detail).not.toContain('Welcome');
    expect(await failure(c.getRun(PIPELINE))).toMatchObject({ kind: 'invalid_response', status: 200 });
  });

  it('a review answering {"success": false} is bad_request', async () => {
    const c = await clientFor(() => ({ body: { success: false } }));
    const ref = encodeRef('review', STEP) ?? '';
    const error = await failure(
      c.review({ pipelineId: PIPELINE, ref, decision: 'pass', as: { kind: 'token', token: 'p' } }),
    );
    expect(error).toMatchObject({ kind: 'bad_request', status: 200 });
  });
});

describe('log paging', () => {
  const ref = encodeRef('log', STEP) ?? '';
  const page = (from: number, to: number, more: boolean) => ({
    has_more: more,
    start_offset: String(from),
    end_offset: String(to),
    log: Array.from({ length: to - from }, (_, i) => `line ${from + i + 1}`).join('\n'),
  });

  it('reads backwards, passing each page’s start back as the next end, until enough lines', async () => {
    const c = await clientFor((req) => {
      const end = Number(JSON.parse(req.body).end_offset) || 1000;
      return { body: page(end - 3, end, true) };
    });
    const tail = await c.logTail?.({ pipelineId: PIPELINE, ref, maxLines: 5 });
    expect(tail).toEqual({ lines: ['line 996', 'line 997', 'line 998', 'line 999', 'line 1000'], truncated: true });
    const bodies = server?.requests.map((r) => JSON.parse(r.body)) ?? [];
    expect(bodies).toEqual([
      { limit: LOG_TAIL_LIMITS.pageLimit, sort: 'desc', start_offset: 0, end_offset: 0 },
      { limit: LOG_TAIL_LIMITS.pageLimit, sort: 'desc', start_offset: 0, end_offset: '997' },
    ]);
  });

  it('stops when the offsets do not move, and after maxPages', async () => {
    const stuck = await clientFor(() => ({ body: page(10, 13, true) }));
    await stuck.logTail?.({ pipelineId: PIPELINE, ref, maxLines: 500 });
    expect(server?.requests).toHaveLength(2);
    await server?.close();
    let end = 100_000;
    const endless = await clientFor(() => {
      end -= 1;
      return { body: page(end, end + 1, true) };
    });
    const tail = await endless.logTail?.({ pipelineId: PIPELINE, ref, maxLines: 500 });
    expect(server?.requests).toHaveLength(LOG_TAIL_LIMITS.maxPages);
    expect(tail?.lines).toHaveLength(LOG_TAIL_LIMITS.maxPages);
  });

  it('a page larger than the log limit is refused as too_large, not held', async () => {
    const huge = 'x'.repeat(LOG_TAIL_LIMITS.maxPageBytes + 10);
    const c = await clientFor(() => ({ body: { has_more: false, start_offset: '0', end_offset: '1', log: huge } }));
    expect((await failure(c.logTail?.({ pipelineId: PIPELINE, ref, maxLines: 5 }) ?? Promise.resolve())).kind).toBe(
      'too_large',
    );
  });
});
