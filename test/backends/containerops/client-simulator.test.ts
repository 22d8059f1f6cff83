/**
 * The real client (`createContainerOpsClient`) against the real simulator (`startSimulator`), over real HTTP on a random
 * port: every scenario parses, every fault maps to its kind, and each way to authenticate works end to end.
 * One simulator for the file, reset before each test; the simulator and the client read the same hand-driven clock.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ContainerOpsClientOptions, createContainerOpsClient } from '../../../src/backends/containerops/client.js';
import { DEFAULT_SIMULATOR_TOKEN } from '../../../src/backends/containerops/simulator/config.js';
import { type Simulator, startSimulator } from '../../../src/backends/containerops/simulator/server.js';
import type { HuaweiAuth } from '../../../src/backends/huawei/auth/authenticator.js';
import { PASSWORD_REJECTED_MESSAGE } from '../../../src/backends/huawei/auth/iam-token.js';
import { DEMO_ACCESS_KEY } from '../../../src/backends/huawei/simulator/aksk.js';
import { DEMO_IAM_USER } from '../../../src/backends/huawei/simulator/iam.js';
import type { PipelineBackend } from '../../../src/domain/backend.js';
import { BACKEND_ERROR_MESSAGES, type BackendError } from '../../../src/domain/backend-error.js';
import { pid } from '../../helpers/pipeline-id.js';
import { failure } from './swr-failure.js';

/** 2024-03-01T08:00:00.000Z: the simulator's start, and where the clock is at the start of each test. */
const T0 = Date.UTC(2024, 2, 1, 8, 0, 0);
let now = T0;
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, now: () => now });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  now = T0;
  sim.control.reset();
});

const IAM_PATH = '/v3/auth/tokens';
const DEMO = 29503;

const tokenAuth = (): HuaweiAuth => ({ kind: 'token', token: sim.token });
const iamAuth = (password = DEMO_IAM_USER.password): HuaweiAuth => ({
  kind: 'iam',
  endpoint: sim.url,
  username: DEMO_IAM_USER.name,
  password,
  domain: DEMO_IAM_USER.domain,
  project: 'cn-north-4',
});
const akskAuth = (secretKey = DEMO_ACCESS_KEY.secretKey, projectId: string | null = null): HuaweiAuth => ({
  kind: 'aksk',
  accessKey: DEMO_ACCESS_KEY.accessKey,
  secretKey,
  projectId,
});

/** A client on the simulator: token auth, no cache, no retries, short backoff, unless `options` say otherwise. */
function client(options: Partial<ContainerOpsClientOptions> = {}): PipelineBackend {
  return createContainerOpsClient({
    endpoint: sim.url,
    auth: tokenAuth(),
    timeoutMs: 2_000,
    retries: 0,
    cacheMs: 0,
    retryBaseDelayMs: 5,
    now: () => now,
    ...options,
  });
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

describe('scenarios in the domain model', () => {
  it('29476 (the API example): never started, zero times → null, 3 stages and 1 status entry', async () => {
    const p = await client().getRun(pid(29476));
    expect(p).toMatchObject({ id: '29476', name: 'test4', group: 'default', currentStage: 0 });
    expect(p).toMatchObject({ status: { state: 'waiting', raw: 'waiting' }, startTime: null, endTime: null });
    expect(p.stages.map((s) => s.name)).toEqual(['代码获取', '代码编译', '镜像构建']);
    expect(p.stages.map((s) => s.status?.state ?? null)).toEqual(['waiting', null, null]);
    expect(p.stages[0]).toMatchObject({ startTime: null, endTime: null });
  });

  it('29501: waits on the review stage, alice and bob pending, zhang.wei passed', async () => {
    const p = await client().getRun(pid(29501));
    expect(p.name).toBe('payment-release');
    expect(p).toMatchObject({ status: { state: 'running' }, currentStage: 3, endTime: null });
    expect(p.startTime?.toISOString()).toBe('2024-03-01T07:53:10.000Z');
    const review = p.stages[3];
    expect(review).toMatchObject({ name: '上线审批', kind: 'review', status: { state: 'waiting' } });
    expect(review?.review).toMatchObject({ mode: 'all', votesKnown: true, ref: '3' });
    expect(review?.review?.reviewers).toEqual([
      { name: 'zhang.wei', decision: 'approved' },
      { name: 'alice', decision: 'pending' },
      { name: 'bob', decision: 'pending' },
    ]);
  });

  it('29504: Chinese group and stage names survive the round trip', async () => {
    const p = await client().getRun(pid(29504));
    expect(p).toMatchObject({ name: 'order-service', group: '电商平台' });
    expect(p.stages.map((s) => s.name)).toEqual(['代码获取', '代码编译', '镜像构建', '部署到测试环境']);
    expect(p).toMatchObject({ status: { state: 'running' }, currentStage: 1 });
    expect(p.stages.map((s) => s.status?.raw ?? null)).toEqual(['success', 'running', null, null]);
  });

  it('29505: 60 stages, running at stage 10', async () => {
    const p = await client().getRun(pid(29505));
    expect(p.name).toBe('monorepo-ci');
    expect(p.stages).toHaveLength(60);
    expect(p.stages[0]?.name).toBe('代码获取');
    expect(p.stages[1]?.name).toBe('build module-01');
    expect(p.stages[59]?.name).toBe('镜像构建');
    expect(p).toMatchObject({ status: { state: 'running' }, currentStage: 10 });
    expect(p.stages.filter((s) => s.status !== null)).toHaveLength(11);
    expect(p.stages[10]?.status?.state).toBe('running');
  });

  it('an unknown id is not_found with SWR’s code', async () => {
    const error = await failure(client().getRun(pid(99_999)));
    expect(error).toMatchObject({ kind: 'not_found', status: 404, code: 'SVCSTG.SWR.4040162' });
  });
});

describe('faults map to kinds', () => {
  it.each([
    [401, 'unauthorized', 'APIGW.0301'],
    [403, 'forbidden', 'SVCSTG.SWR.4031033'],
    [404, 'not_found', 'SVCSTG.SWR.4040162'],
  ] as const)('%i → %s, code %s, not retried', async (status, kind, code) => {
    sim.control.setFault(DEMO, { status });
    const error = await failure(client({ retries: 2 }).getRun(pid(DEMO)));
    expect(error).toMatchObject({ kind, status, code });
    expect(error.message).toBe(BACKEND_ERROR_MESSAGES[kind]);
    expect(error.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(sim.control.getCount(DEMO)).toBe(1);
  });

  it('429 with a short Retry-After: waits it out, then succeeds (times: 1)', async () => {
    sim.control.setFault(DEMO, { status: 429, retryAfterSeconds: 1, times: 1 });
    const { value, ms } = await timed(() => client({ retries: 2 }).getRun(pid(DEMO)));
    expect(value.name).toBe('demo-2048');
    expect(ms).toBeGreaterThanOrEqual(950);
    expect(sim.control.getCount(DEMO)).toBe(2);
    expect(sim.control.faults()).toEqual({});
  });

  it('429 with a long Retry-After: fails fast with rate_limited and retryAfterSeconds', async () => {
    sim.control.setFault(DEMO, { status: 429, retryAfterSeconds: 60 });
    const error = await failure(client({ retries: 2 }).getRun(pid(DEMO)));
    expect(error).toMatchObject({ kind: 'rate_limited', status: 429, code: 'APIGW.0308', retryAfterSeconds: 60 });
    expect(sim.control.getCount(DEMO)).toBe(1);
    // No retry is pending either: the next request the simulator sees is the next call's.
    await client().getRun(pid(29504));
    expect(sim.control.requestCount()).toBe(2);
    expect(sim.control.getCount(DEMO)).toBe(1);
  });

  it.each([
    ['swr', 'SVCSTG.SWR.5003008'],
    ['apigw', 'APIGW.0103'],
    ['iam', '500'],
  ] as const)('500 in the %s shape keeps code %s → upstream', async (errorShape, code) => {
    sim.control.setFault(DEMO, { status: 500, errorShape });
    const error = await failure(client().getRun(pid(DEMO)));
    expect(error).toMatchObject({ kind: 'upstream', status: 500, code });
    expect(error.message).toBe(BACKEND_ERROR_MESSAGES.upstream);
  });

  it('500 is retried for a GET, and a custom code is kept', async () => {
    sim.control.setFault(DEMO, { status: 500, errorCode: 'SVCSTG.SWR.5000007' });
    const error = await failure(client({ retries: 2 }).getRun(pid(DEMO)));
    expect(error).toMatchObject({ kind: 'upstream', code: 'SVCSTG.SWR.5000007' });
    expect(sim.control.getCount(DEMO)).toBe(3);
  });

  it('a YAML body (whatever Accept said) parses', async () => {
    sim.control.setFault(DEMO, { yaml: true });
    const p = await client().getRun(pid(DEMO));
    expect(p).toMatchObject({ id: String(DEMO), name: 'demo-2048', group: 'default' });
    expect(p.stages.map((s) => s.kind)).toEqual(['source', 'build', 'image_build', 'deploy']);
  });

  it('a truncated body → invalid_response', async () => {
    sim.control.setFault(DEMO, { truncated: true });
    const error = await failure(client().getRun(pid(DEMO)));
    expect(error).toMatchObject({ kind: 'invalid_response', status: 200 });
    expect(error.message).toBe(BACKEND_ERROR_MESSAGES.invalid_response);
  });

  it('an HTML error page keeps its status: 502 → upstream, 404 → not_found', async () => {
    sim.control.setFault(DEMO, { html: true });
    const bad = await failure(client().getRun(pid(DEMO)));
    expect(bad).toMatchObject({ kind: 'upstream', status: 502, code: undefined });
    expect(bad.detail).toMatch(/^\d+ bytes of text\/html$/);
    sim.control.setFault(DEMO, { html: true, status: 404 });
    expect(await failure(client().getRun(pid(DEMO)))).toMatchObject({ kind: 'not_found', status: 404 });
  });

  it('hang → timeout after timeoutMs', async () => {
    sim.control.setFault(DEMO, { hang: true });
    const { value: error, ms } = await timed(() => failure(client({ timeoutMs: 300 }).getRun(pid(DEMO))));
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe(BACKEND_ERROR_MESSAGES.timeout);
    // Ended by its own 300 ms timeout (the wait happened), on the one attempt.
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(error.detail).toMatch(/timeout of 300ms exceeded/);
    expect(sim.control.getCount(DEMO)).toBe(1);
  });

  it('latency below timeoutMs is waited for; above it → timeout', async () => {
    sim.control.setFault(DEMO, { latencyMs: 300 });
    const { value, ms } = await timed(() => client().getRun(pid(DEMO)));
    expect(value.name).toBe('demo-2048');
    expect(ms).toBeGreaterThanOrEqual(290);
    sim.control.setFault(DEMO, { latencyMs: 600 });
    expect((await failure(client({ timeoutMs: 200 }).getRun(pid(DEMO)))).kind).toBe('timeout');
  });

  it('a fault on the list call maps the same way', async () => {
    sim.control.setFault('list', { status: 403 });
    expect(await failure(client().searchByName('demo', 10))).toMatchObject({
      kind: 'forbidden',
      code: 'SVCSTG.SWR.4031033',
    });
  });
});

describe('token auth', () => {
  it('a revoked static token → unauthorized, not retried', async () => {
    const c = client({ retries: 2 });
    expect((await c.getRun(pid(DEMO))).name).toBe('demo-2048');
    sim.control.revokeTokens({ includeStatic: true });
    const error = await failure(c.getRun(pid(DEMO)));
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401, code: 'APIGW.0301' });
    expect(error.detail).toBe('Incorrect IAM authentication information: token has been revoked');
    expect(sim.control.getCount(DEMO)).toBe(2);
  });
});

describe('IAM password login', () => {
  it('logs in once through the simulator’s IAM call and reuses the token', async () => {
    const c = client({ auth: iamAuth() });
    expect((await c.getRun(pid(DEMO))).name).toBe('demo-2048');
    expect((await c.getRun(pid(29504))).name).toBe('order-service');
    expect(sim.control.requestCount(IAM_PATH)).toBe(1);
  });

  it('after revokeTokens, a 401 refreshes the token once, then succeeds', async () => {
    const c = client({ auth: iamAuth() });
    await c.getRun(pid(DEMO));
    sim.control.revokeTokens();
    const p = await c.getRun(pid(DEMO));
    expect(p.name).toBe('demo-2048');
    expect(sim.control.requestCount(IAM_PATH)).toBe(2);
    // First GET, the refused one, the one with the new token.
    expect(sim.control.getCount(DEMO)).toBe(3);
  });

  it('refreshes only once: a second 401 with the fresh token is unauthorized', async () => {
    const c = client({ auth: iamAuth() });
    await c.getRun(pid(DEMO));
    sim.control.setFault(DEMO, { status: 401 });
    const error = await failure(c.getRun(pid(DEMO)));
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401, code: 'APIGW.0301' });
    expect(sim.control.requestCount(IAM_PATH)).toBe(2);
    expect(sim.control.getCount(DEMO)).toBe(3);
  });

  it('a wrong password is refused and never sent again', async () => {
    const c = client({ auth: iamAuth('wrong-password'), retries: 2 });
    for (let i = 0; i < 3; i += 1) {
      const error = await failure(c.getRun(pid(DEMO)));
      expect(error).toMatchObject({ kind: 'unauthorized', status: 401, code: '401' });
      expect(error.message).toBe(PASSWORD_REJECTED_MESSAGE);
    }
    expect(sim.control.requestCount(IAM_PATH)).toBe(1);
    expect(sim.control.getCount(DEMO)).toBe(0);
  });
});

describe('AK/SK signing', () => {
  it('the demo pair is accepted, with and without a signed X-Project-Id', async () => {
    expect((await client({ auth: akskAuth() }).getRun(pid(DEMO))).name).toBe('demo-2048');
    const withProject = client({ auth: akskAuth(DEMO_ACCESS_KEY.secretKey, 'a1b2c3d4') });
    const list = await withProject.searchByName('2048', 10);
    expect(list.items.map((p) => p.name)).toEqual(['demo-2048']);
    expect(sim.control.requestCount(IAM_PATH)).toBe(0);
  });

  it('a wrong secret key → unauthorized, not retried', async () => {
    const error = await failure(client({ auth: akskAuth('not-the-secret-key'), retries: 2 }).getRun(pid(DEMO)));
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401, code: 'APIGW.0301' });
    expect(error.detail).toBe('Incorrect IAM authentication information: verify aksk signature fail');
    expect(sim.control.getCount(DEMO)).toBe(1);
  });

  it('a client clock more than 15 minutes off the simulator’s → unauthorized', async () => {
    const c = client({ auth: akskAuth(), now: () => now + 16 * 60_000 });
    const error = await failure(c.getRun(pid(DEMO)));
    expect(error).toMatchObject({ kind: 'unauthorized', code: 'APIGW.0301' });
    expect(error.detail).toContain('more than 15 minutes');
  });
});

describe('sharing and caching', () => {
  it('concurrent gets of one pipeline share one request', async () => {
    sim.control.setFault(DEMO, { latencyMs: 100 });
    const c = client({ cacheMs: 2_000 });
    const results = await Promise.all(Array.from({ length: 5 }, () => c.getRun(pid(DEMO))));
    expect(results.map((p) => p.name)).toEqual(Array(5).fill('demo-2048'));
    expect(new Set(results).size).toBe(1);
    expect(sim.control.getCount(DEMO)).toBe(1);
  });

  it('a burst within the cache window makes one request; after it, a new one', async () => {
    const c = client({ cacheMs: 2_000 });
    for (const at of [0, 500, 1_000, 1_999]) {
      now = T0 + at;
      await c.getRun(pid(DEMO));
    }
    expect(sim.control.getCount(DEMO)).toBe(1);
    now = T0 + 2_000;
    await c.getRun(pid(DEMO));
    expect(sim.control.getCount(DEMO)).toBe(2);
  });
});

describe('search by name', () => {
  it('the matches and the total from Content-Range', async () => {
    const list = await client().searchByName('DEMO', 10);
    expect(list.total).toBe(1);
    expect(list.items.map((p) => [p.id, p.name])).toEqual([[String(DEMO), 'demo-2048']]);
  });

  it('a limited answer: the total counts every match, not just those listed', async () => {
    const list = await client().searchByName('', 2);
    expect(list.total).toBe(6);
    expect(list.items.map((p) => p.name)).toEqual(['test4', 'payment-release']);
    expect(list.items[0]?.status).toEqual({ state: 'waiting', raw: 'waiting' });
  });
});

describe('secrets never leak into errors', () => {
  const TOKEN = DEFAULT_SIMULATOR_TOKEN;
  const PASSWORD = DEMO_IAM_USER.password;
  const SECRET_KEY = DEMO_ACCESS_KEY.secretKey;
  /** A server message that quotes every demo secret (a client can only take out the ones it holds). */
  const ECHO = `echo: ${TOKEN} / ${PASSWORD} / ${SECRET_KEY}`;

  function exposure(error: BackendError): string {
    return [error.message, error.detail ?? '', JSON.stringify(error)].join('\n');
  }

  it('the simulator’s demo token is the one checked here', () => {
    expect(sim.token).toBe(TOKEN);
  });

  it('a server that echoes the token, password or secret key: each client takes out the one it holds', async () => {
    sim.control.setFault(DEMO, { status: 500, errorMessage: ECHO });
    sim.control.setFault('iam', { status: 401, errorMessage: ECHO });
    const cases: [HuaweiAuth, string, string][] = [
      [tokenAuth(), TOKEN, 'SVCSTG.SWR.5003008'],
      [iamAuth(), PASSWORD, '401'],
      [akskAuth(), SECRET_KEY, 'SVCSTG.SWR.5003008'],
    ];
    for (const [auth, secret, code] of cases) {
      const error = await failure(client({ auth }).getRun(pid(DEMO)));
      expect(error.code).toBe(code);
      // The server's message is kept for the logs, without the secret.
      expect(error.detail).toContain('echo: ');
      expect(error.detail).toContain('[redacted]');
      expect(exposure(error)).not.toContain(secret);
    }
  });

  it('refusals of each way to authenticate hold none of the secrets', async () => {
    sim.control.revokeTokens({ includeStatic: true });
    const errors = [
      await failure(client().getRun(pid(DEMO))),
      await failure(client({ auth: iamAuth('wrong-password') }).getRun(pid(DEMO))),
      await failure(client({ auth: akskAuth('not-the-secret-key') }).getRun(pid(DEMO))),
    ];
    expect(errors.map((e) => e.kind)).toEqual(['unauthorized', 'unauthorized', 'unauthorized']);
    for (const error of errors) {
      for (const secret of [TOKEN, 'wrong-password', 'not-the-secret-key']) {
        expect(exposure(error)).not.toContain(secret);
      }
    }
  });
});
