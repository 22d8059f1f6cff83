/**
 * `createCodeArtsClient` against the simulator's faults: each HTTP error maps to its kind by the CodeArts table,
 * reads (GETs and POSTs alike) are retried after a 5xx or a short 429 and a review never is, an `error_code`
 * inside a 200 is an error, cut-off and HTML bodies are `invalid_response` or keep their status, a server that
 * hangs is a `timeout`, and no secret — the bot's or a reviewer's — reaches an error or a log line.
 */
import { describe, expect, it } from 'vitest';
import type { BackendError } from '../../../src/domain/backend-error.js';
import type { PipelineRun } from '../../../src/domain/pipeline.js';
import { asPipelineId } from '../../../src/domain/pipeline-id.js';
import { failure } from '../containerops/swr-failure.js';
import { akskAuth, codeArtsRig, iamAuth, personal } from './client-rig.js';
import { apiPath, IDS } from './helpers.js';

const rig = codeArtsRig();
const NIGHTLY = IDS['nightly-build'];
const nightly = asPipelineId(NIGHTLY);
const detailCount = () => rig.sim().control.requestCount(apiPath(rig.sim(), `/${NIGHTLY}/pipeline-runs/detail`));
const listCount = () => rig.sim().control.requestCount(apiPath(rig.sim(), '/list'));

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

describe('HTTP errors map by the CodeArts table', () => {
  it.each([
    [401, 'unauthorized', 'APIGW.0301'],
    [403, 'forbidden', 'APIGW.0302'],
    [404, 'not_found', 'DEVPIPE.00011401'],
    [400, 'bad_request', 'SIM.00000400'],
  ] as const)('%i → %s (code %s), not retried', async (status, kind, code) => {
    rig.sim().control.setFault(NIGHTLY, { status });
    const error = await failure(rig.client({ retries: 2 }).getRun(nightly));
    expect(error).toMatchObject({ kind, status, code });
    expect(error.requestId).toMatch(/\S/);
    expect(detailCount()).toBe(1);
  });

  it('a project the account cannot see is unavailable (configuration), with its code', async () => {
    const c = rig.client({ projectId: 'ffffffffffffffffffffffffffffffff' });
    expect(await failure(c.getRun(nightly))).toMatchObject({ kind: 'unavailable', code: 'DEV_21_100169' });
    expect(await failure(c.searchByName('x', 5))).toMatchObject({ kind: 'unavailable', status: 404 });
  });

  it('a malformed endpoint or project id is refused when the client is made', () => {
    expect(() => rig.client({ projectId: 'not-a-project' })).toThrow(/CODEARTS_PROJECT_ID/);
    expect(() => rig.client({ endpoint: 'http://codearts.example.com' })).toThrow(/https/);
    expect(() => rig.client({ endpoint: 'https://codearts.example.com/v5' })).toThrow(/without a path/);
    expect(() => rig.client({ endpoint: 'https://cloudpipeline-ext.cn-north-4.myhuaweicloud.com/' })).not.toThrow();
  });
});

describe('retries', () => {
  it('a 5xx is retried for the detail GET and for the list POST', async () => {
    rig.sim().control.setFault(NIGHTLY, { status: 502, times: 2 });
    expect((await rig.client({ retries: 2 }).getRun(nightly)).name).toBe('nightly-build');
    expect(detailCount()).toBe(3);
    rig.sim().control.setFault('list', { status: 503, times: 1 });
    expect((await rig.client({ retries: 2 }).searchByName('nightly', 5)).items).toHaveLength(1);
    expect(listCount()).toBe(2);
  });

  it('a 5xx that does not clear is upstream after the retries', async () => {
    rig.sim().control.setFault('list', { status: 500 });
    expect(await failure(rig.client({ retries: 2 }).searchByName('x', 5))).toMatchObject({ kind: 'upstream' });
    expect(listCount()).toBe(3);
  });

  it('429 with a short Retry-After is waited out; a long one fails at once with its seconds', async () => {
    rig.sim().control.setFault('status', { status: 429, retryAfterSeconds: 1, times: 1 });
    const { value, ms } = await timed(() => rig.client({ retries: 2 }).latestStatuses?.([nightly]) ?? fail());
    expect(value.get(nightly)?.status.state).toBe('failed');
    expect(ms).toBeGreaterThanOrEqual(950);
    rig.sim().control.setFault(NIGHTLY, { status: 429, retryAfterSeconds: 60 });
    const slow = await timed(() => failure(rig.client({ retries: 2 }).getRun(nightly)));
    expect(slow.value).toMatchObject({ kind: 'rate_limited', status: 429, code: 'APIGW.0308', retryAfterSeconds: 60 });
    expect(slow.ms).toBeLessThan(900);
  });

  it('a review is never retried, even after a 503', async () => {
    const c = rig.client({ retries: 2 });
    const run = await c.getRun(asPipelineId(IDS['payment-release']));
    rig.sim().control.setFault(IDS['payment-release'], { status: 503 });
    const error = await failure(c.review(reviewOf(run, 'alice')));
    expect(error.kind).toBe('upstream');
    expect(rig.sim().control.requestCount()).toBe(2);
    expect(rig.sim().control.decisions()).toEqual([]);
  });
});

function fail(): never {
  throw new Error('latestStatuses missing');
}

function reviewOf(run: PipelineRun, user: string, kind: 'token' | 'aksk' = 'token') {
  const ref = run.stages.find((s) => s.review)?.review?.ref ?? '';
  return { pipelineId: run.id, ref, decision: 'pass' as const, as: personal(rig.user(user), kind) };
}

describe('answers that are not what they say', () => {
  it('an error_code inside a 200 is an error, in either shape', async () => {
    rig.sim().control.setFault(NIGHTLY, { errorIn200: true, status: 500, errorCode: 'DEVPIPE.00010001' });
    expect(await failure(rig.client().getRun(nightly))).toMatchObject({
      kind: 'upstream',
      status: 200,
      code: 'DEVPIPE.00010001',
    });
    rig.sim().control.setFault('list', { errorIn200: true, status: 404, errorShape: 'error_object' });
    expect(await failure(rig.client().searchByName('x', 5))).toMatchObject({ kind: 'not_found', status: 200 });
  });

  it('a queued-run code outside a run call is rate_limited', async () => {
    rig.sim().control.setFault(NIGHTLY, { errorIn200: true, errorCode: 'DEVPIPE.00011169', errorMessage: 'queued' });
    expect(await failure(rig.client().getRun(nightly))).toMatchObject({ kind: 'rate_limited', status: 200 });
  });

  it('a cut-off body is invalid_response; an HTML page keeps its status', async () => {
    rig.sim().control.setFault(NIGHTLY, { truncated: true });
    expect(await failure(rig.client().getRun(nightly))).toMatchObject({ kind: 'invalid_response' });
    rig.sim().control.setFault(NIGHTLY, { html: true });
    const html = await failure(rig.client().getRun(nightly));
    expect(html).toMatchObject({ kind: 'upstream', status: 502, code: undefined });
    rig.sim().control.setFault(NIGHTLY, { html: true, status: 404 });
    expect(await failure(rig.client().getRun(nightly))).toMatchObject({ kind: 'not_found', status: 404 });
  });

  it('a server that hangs is a timeout after timeoutMs; latency under it is waited for', async () => {
    rig.sim().control.setFault(NIGHTLY, { hang: true });
    const hung = await timed(() => failure(rig.client({ timeoutMs: 300 }).getRun(nightly)));
    expect(hung.value.kind).toBe('timeout');
    expect(hung.ms).toBeGreaterThanOrEqual(280);
    expect(hung.ms).toBeLessThan(2_000);
    rig.sim().control.setFault(NIGHTLY, { latencyMs: 200 });
    expect((await rig.client({ timeoutMs: 1_000 }).getRun(nightly)).name).toBe('nightly-build');
  });
});

describe('secrets stay out of errors and log lines', () => {
  const exposure = (error: BackendError) => [error.message, error.detail ?? '', JSON.stringify(error)].join('\n');

  it('a server that echoes the credential: each client takes out the one it holds', async () => {
    const alice = rig.user('alice');
    const echo = `echo ${alice.token} ${alice.password} ${alice.secretKey}`;
    rig.sim().control.setFault(NIGHTLY, { status: 500, errorMessage: echo });
    rig.sim().control.setFault('iam', { status: 401, errorMessage: echo });
    const cases = [
      [{ kind: 'token', token: alice.token }, alice.token],
      [iamAuth(rig.sim(), alice), alice.password],
      [akskAuth(alice), alice.secretKey],
    ] as const;
    for (const [auth, secret] of cases) {
      const error = await failure(rig.client({ auth }).getRun(nightly));
      expect(exposure(error)).not.toContain(secret);
      expect(error.detail).toContain('[redacted]');
    }
  });

  it('a reviewer’s token echoed back is not in the error either', async () => {
    const c = rig.client();
    const run = await c.getRun(asPipelineId(IDS['payment-release']));
    const bob = rig.user('bob');
    rig.sim().control.setFault(IDS['payment-release'], { status: 403, errorMessage: `no for ${bob.token}` });
    const error = await failure(c.review(reviewOf(run, 'bob')));
    expect(error.kind).toBe('forbidden');
    expect(exposure(error)).not.toContain(bob.token);
    rig.sim().control.setFault(IDS['payment-release'], { status: 403, errorMessage: `no for ${bob.secretKey}` });
    expect(exposure(await failure(c.review(reviewOf(run, 'bob', 'aksk'))))).not.toContain(bob.secretKey);
  });

  it('log lines name the call, never a credential, a query string or a header', async () => {
    const bob = rig.user('bob');
    const c = rig.client({ auth: iamAuth(rig.sim(), bob) });
    const run = await c.getRun(asPipelineId(IDS['payment-release']));
    await c.review(reviewOf(run, 'bob'));
    rig.sim().control.setFault(NIGHTLY, { status: 500 });
    await failure(c.getRun(nightly));
    const lines = rig.lines();
    expect(lines.map((l) => l.msg)).toEqual(['iam login', 'codearts call', 'codearts call', 'codearts call failed']);
    expect(lines[3]).toMatchObject({ operation: 'detail', status: 500, kind: 'upstream', code: 'SIM.00000500' });
    const text = JSON.stringify(lines);
    for (const secret of [bob.password, bob.token, 'X-Auth-Token', 'pipeline_run_id', '?']) {
      expect(text).not.toContain(secret);
    }
  });
});
