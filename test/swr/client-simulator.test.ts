/**
 * The real client (`createSwrClient`) against the real simulator (`startSimulator`), over real HTTP on a random
 * port: every scenario parses, every fault maps to its kind, and each way to authenticate works end to end.
 * One simulator for the file, reset before each test; the simulator and the client read the same hand-driven clock.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SIMULATOR_TOKEN } from '../../src/config.js';
import { DEMO_ACCESS_KEY } from '../../src/simulator/aksk.js';
import { DEMO_IAM_USER } from '../../src/simulator/iam.js';
import { type Simulator, startSimulator } from '../../src/simulator/server.js';
import type { SwrClientAuth } from '../../src/swr/auth/authenticator.js';
import { PASSWORD_REJECTED_MESSAGE } from '../../src/swr/auth/iam-token.js';
import { createSwrClient, type SwrClientOptions } from '../../src/swr/client.js';
import { SWR_ERROR_MESSAGES, type SwrError } from '../../src/swr/errors.js';
import type { PipelineSource } from '../../src/swr/types.js';
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

const tokenAuth = (): SwrClientAuth => ({ kind: 'token', token: sim.token });
const iamAuth = (password = DEMO_IAM_USER.password): SwrClientAuth => ({
  kind: 'iam',
  endpoint: sim.url,
  username: DEMO_IAM_USER.name,
  password,
  domain: DEMO_IAM_USER.domain,
  project: 'cn-north-4',
});
const akskAuth = (secretKey = DEMO_ACCESS_KEY.secretKey, projectId: string | null = null): SwrClientAuth => ({
  kind: 'aksk',
  accessKey: DEMO_ACCESS_KEY.accessKey,
  secretKey,
  projectId,
});

/** A client on the simulator: token auth, no cache, no retries, short backoff, unless `options` say otherwise. */
function client(options: Partial<SwrClientOptions> = {}): PipelineSource {
  return createSwrClient({
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

describe('scenarios parse', () => {
  it('29476 (the API example): never started, zero times → null, 3 stages and 1 status entry', async () => {
    const p = await client().getPipeline(29476);
    expect(p).toMatchObject({ id: 29476, name: 'test4', groupId: 812, groupName: 'default' });
    expect(p.status).toMatchObject({ status: 'waiting', stageIndex: 0, startTime: null, endTime: null });
    expect(p.stages.map((s) => s.name)).toEqual(['代码获取', '代码编译', '镜像构建']);
    expect(p.status.stages).toHaveLength(1);
    expect(p.status.stages[0]).toMatchObject({ status: 'waiting', startTime: null, endTime: null });
  });

  it('29501: waits on the review stage, alice and bob pending, zhang.wei passed', async () => {
    const p = await client().getPipeline(29501);
    expect(p.name).toBe('payment-release');
    expect(p.status).toMatchObject({ status: 'running', stageIndex: 3, endTime: null });
    expect(p.status.startTime?.toISOString()).toBe('2024-03-01T07:53:10.000Z');
    const review = p.stages[3];
    expect(review).toMatchObject({ name: '上线审批', serviceName: 'test_review' });
    expect(review?.review?.mode).toBe('all');
    expect(review?.review?.users.map((u) => u.userName)).toEqual(['zhang.wei', 'alice', 'bob']);
    const state = p.status.stages[3];
    expect(state?.status).toBe('waiting');
    expect(state?.reviewResults).toEqual([
      { userName: 'zhang.wei', result: 'pass' },
      { userName: 'alice', result: 'waiting' },
      { userName: 'bob', result: 'waiting' },
    ]);
    const pending = state?.reviewResults.filter((r) => r.result === 'waiting').map((r) => r.userName);
    expect(pending).toEqual(['alice', 'bob']);
  });

  it('29504: Chinese group and stage names survive the round trip', async () => {
    const p = await client().getPipeline(29504);
    expect(p).toMatchObject({ name: 'order-service', groupId: 813, groupName: '电商平台' });
    expect(p.stages.map((s) => s.name)).toEqual(['代码获取', '代码编译', '镜像构建', '部署到测试环境']);
    expect(p.status).toMatchObject({ status: 'running', stageIndex: 1 });
    expect(p.status.stages.map((s) => s.status)).toEqual(['success', 'running']);
  });

  it('29505: 60 stages, running at stage 10', async () => {
    const p = await client().getPipeline(29505);
    expect(p.name).toBe('monorepo-ci');
    expect(p.stages).toHaveLength(60);
    expect(p.stages[0]?.name).toBe('代码获取');
    expect(p.stages[1]?.name).toBe('build module-01');
    expect(p.stages[59]?.name).toBe('镜像构建');
    expect(p.status).toMatchObject({ status: 'running', stageIndex: 10 });
    expect(p.status.stages).toHaveLength(11);
    expect(p.status.stages[10]?.status).toBe('running');
  });

  it('an unknown id is not_found with SWR’s code', async () => {
    const error = await failure(client().getPipeline(99_999));
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
    const error = await failure(client({ retries: 2 }).getPipeline(DEMO));
    expect(error).toMatchObject({ kind, status, code });
    expect(error.message).toBe(SWR_ERROR_MESSAGES[kind]);
    expect(error.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(sim.control.getCount(DEMO)).toBe(1);
  });

  it('429 with a short Retry-After: waits it out, then succeeds (times: 1)', async () => {
    sim.control.setFault(DEMO, { status: 429, retryAfterSeconds: 1, times: 1 });
    const { value, ms } = await timed(() => client({ retries: 2 }).getPipeline(DEMO));
    expect(value.name).toBe('demo-2048');
    expect(ms).toBeGreaterThanOrEqual(950);
    expect(sim.control.getCount(DEMO)).toBe(2);
    expect(sim.control.faults()).toEqual({});
  });

  it('429 with a long Retry-After: fails fast with rate_limited and retryAfterSeconds', async () => {
    sim.control.setFault(DEMO, { status: 429, retryAfterSeconds: 60 });
    const { value: error, ms } = await timed(() => failure(client({ retries: 2 }).getPipeline(DEMO)));
    expect(error).toMatchObject({ kind: 'rate_limited', status: 429, code: 'APIGW.0308', retryAfterSeconds: 60 });
    expect(ms).toBeLessThan(900);
    expect(sim.control.getCount(DEMO)).toBe(1);
  });

  it.each([
    ['swr', 'SVCSTG.SWR.5003008'],
    ['apigw', 'APIGW.0103'],
    ['iam', '500'],
  ] as const)('500 in the %s shape keeps code %s → upstream', async (errorShape, code) => {
    sim.control.setFault(DEMO, { status: 500, errorShape });
    const error = await failure(client().getPipeline(DEMO));
    expect(error).toMatchObject({ kind: 'upstream', status: 500, code });
    expect(error.message).toBe(SWR_ERROR_MESSAGES.upstream);
  });

  it('500 is retried for a GET, and a custom code is kept', async () => {
    sim.control.setFault(DEMO, { status: 500, errorCode: 'SVCSTG.SWR.5000007' });
    const error = await failure(client({ retries: 2 }).getPipeline(DEMO));
    expect(error).toMatchObject({ kind: 'upstream', code: 'SVCSTG.SWR.5000007' });
    expect(sim.control.getCount(DEMO)).toBe(3);
  });

  it('a YAML body (whatever Accept said) parses', async () => {
    sim.control.setFault(DEMO, { yaml: true });
    const p = await client().getPipeline(DEMO);
    expect(p).toMatchObject({ id: DEMO, name: 'demo-2048', groupName: 'default' });
    expect(p.stages.map((s) => s.serviceName)).toEqual([
      'code_source',
      'jenkins_build',
      'dockerfile_build',
      'official_deploy',
    ]);
  });

  it('a truncated body → invalid_response', async () => {
    sim.control.setFault(DEMO, { truncated: true });
    const error = await failure(client().getPipeline(DEMO));
    expect(error).toMatchObject({ kind: 'invalid_response', status: 200 });
    expect(error.message).toBe(SWR_ERROR_MESSAGES.invalid_response);
  });

  it('an HTML error page keeps its status: 502 → upstream, 404 → not_found', async () => {
    sim.control.setFault(DEMO, { html: true });
    const bad = await failure(client().getPipeline(DEMO));
    expect(bad).toMatchObject({ kind: 'upstream', status: 502, code: undefined });
    expect(bad.detail).toContain('502 Bad Gateway');
    sim.control.setFault(DEMO, { html: true, status: 404 });
    expect(await failure(client().getPipeline(DEMO))).toMatchObject({ kind: 'not_found', status: 404 });
  });

  it('hang → timeout after timeoutMs', async () => {
    sim.control.setFault(DEMO, { hang: true });
    const { value: error, ms } = await timed(() => failure(client({ timeoutMs: 300 }).getPipeline(DEMO)));
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe(SWR_ERROR_MESSAGES.timeout);
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(1_500);
  });

  it('latency below timeoutMs is waited for; above it → timeout', async () => {
    sim.control.setFault(DEMO, { latencyMs: 300 });
    const { value, ms } = await timed(() => client().getPipeline(DEMO));
    expect(value.name).toBe('demo-2048');
    expect(ms).toBeGreaterThanOrEqual(290);
    sim.control.setFault(DEMO, { latencyMs: 600 });
    expect((await failure(client({ timeoutMs: 200 }).getPipeline(DEMO))).kind).toBe('timeout');
  });

  it('a fault on the list call maps the same way', async () => {
    sim.control.setFault('list', { status: 403 });
    expect(await failure(client().listPipelines({ name: 'demo' }))).toMatchObject({
      kind: 'forbidden',
      code: 'SVCSTG.SWR.4031033',
    });
  });
});

describe('token auth', () => {
  it('a revoked static token → unauthorized, not retried', async () => {
    const c = client({ retries: 2 });
    expect((await c.getPipeline(DEMO)).name).toBe('demo-2048');
    sim.control.revokeTokens({ includeStatic: true });
    const error = await failure(c.getPipeline(DEMO));
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401, code: 'APIGW.0301' });
    expect(error.detail).toBe('Incorrect IAM authentication information: token has been revoked');
    expect(sim.control.getCount(DEMO)).toBe(2);
  });
});

describe('IAM password login', () => {
  it('logs in once through the simulator’s IAM call and reuses the token', async () => {
    const c = client({ auth: iamAuth() });
    expect((await c.getPipeline(DEMO)).name).toBe('demo-2048');
    expect((await c.getPipeline(29504)).name).toBe('order-service');
    expect(sim.control.requestCount(IAM_PATH)).toBe(1);
  });

  it('after revokeTokens, a 401 refreshes the token once, then succeeds', async () => {
    const c = client({ auth: iamAuth() });
    await c.getPipeline(DEMO);
    sim.control.revokeTokens();
    const p = await c.getPipeline(DEMO);
    expect(p.name).toBe('demo-2048');
    expect(sim.control.requestCount(IAM_PATH)).toBe(2);
    // First GET, the refused one, the one with the new token.
    expect(sim.control.getCount(DEMO)).toBe(3);
  });

  it('refreshes only once: a second 401 with the fresh token is unauthorized', async () => {
    const c = client({ auth: iamAuth() });
    await c.getPipeline(DEMO);
    sim.control.setFault(DEMO, { status: 401 });
    const error = await failure(c.getPipeline(DEMO));
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401, code: 'APIGW.0301' });
    expect(sim.control.requestCount(IAM_PATH)).toBe(2);
    expect(sim.control.getCount(DEMO)).toBe(3);
  });

  it('a wrong password is refused and never sent again', async () => {
    const c = client({ auth: iamAuth('wrong-password'), retries: 2 });
    for (let i = 0; i < 3; i += 1) {
      const error = await failure(c.getPipeline(DEMO));
      expect(error).toMatchObject({ kind: 'unauthorized', status: 401, code: '401' });
      expect(error.message).toBe(PASSWORD_REJECTED_MESSAGE);
    }
    expect(sim.control.requestCount(IAM_PATH)).toBe(1);
    expect(sim.control.getCount(DEMO)).toBe(0);
  });
});

describe('AK/SK signing', () => {
  it('the demo pair is accepted, with and without a signed X-Project-Id', async () => {
    expect((await client({ auth: akskAuth() }).getPipeline(DEMO)).name).toBe('demo-2048');
    const withProject = client({ auth: akskAuth(DEMO_ACCESS_KEY.secretKey, 'a1b2c3d4') });
    const list = await withProject.listPipelines({ name: '2048', groupId: 812, limit: 10 });
    expect(list.items.map((p) => p.name)).toEqual(['demo-2048']);
    expect(sim.control.requestCount(IAM_PATH)).toBe(0);
  });

  it('a wrong secret key → unauthorized, not retried', async () => {
    const error = await failure(client({ auth: akskAuth('not-the-secret-key'), retries: 2 }).getPipeline(DEMO));
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401, code: 'APIGW.0301' });
    expect(error.detail).toBe('Incorrect IAM authentication information: verify aksk signature fail');
    expect(sim.control.getCount(DEMO)).toBe(1);
  });

  it('a client clock more than 15 minutes off the simulator’s → unauthorized', async () => {
    const c = client({ auth: akskAuth(), now: () => now + 16 * 60_000 });
    const error = await failure(c.getPipeline(DEMO));
    expect(error).toMatchObject({ kind: 'unauthorized', code: 'APIGW.0301' });
    expect(error.detail).toContain('more than 15 minutes');
  });
});

describe('sharing and caching', () => {
  it('concurrent gets of one pipeline share one request', async () => {
    sim.control.setFault(DEMO, { latencyMs: 100 });
    const c = client({ cacheMs: 2_000 });
    const results = await Promise.all(Array.from({ length: 5 }, () => c.getPipeline(DEMO)));
    expect(results.map((p) => p.name)).toEqual(Array(5).fill('demo-2048'));
    expect(new Set(results).size).toBe(1);
    expect(sim.control.getCount(DEMO)).toBe(1);
  });

  it('a burst within the cache window makes one request; after it, a new one', async () => {
    const c = client({ cacheMs: 2_000 });
    for (const at of [0, 500, 1_000, 1_999]) {
      now = T0 + at;
      await c.getPipeline(DEMO);
    }
    expect(sim.control.getCount(DEMO)).toBe(1);
    now = T0 + 2_000;
    await c.getPipeline(DEMO);
    expect(sim.control.getCount(DEMO)).toBe(2);
  });
});

describe('list', () => {
  it('by name: the matches and the total from Content-Range', async () => {
    const list = await client().listPipelines({ name: 'DEMO' });
    expect(list).toMatchObject({ total: 1, offset: 0 });
    expect(list.items.map((p) => [p.id, p.name])).toEqual([[DEMO, 'demo-2048']]);
  });

  it('a page: the total counts every match, not just the page', async () => {
    const list = await client().listPipelines({ limit: 2, offset: 1 });
    expect(list.total).toBe(6);
    expect(list.offset).toBe(1);
    expect(list.items.map((p) => p.name)).toEqual(['payment-release', 'nightly-build']);
    expect(list.items[0]?.status.stages).toEqual([]);
  });
});

describe('secrets never leak into errors', () => {
  const TOKEN = DEFAULT_SIMULATOR_TOKEN;
  const PASSWORD = DEMO_IAM_USER.password;
  const SECRET_KEY = DEMO_ACCESS_KEY.secretKey;
  /** A server message that quotes every demo secret (a client can only take out the ones it holds). */
  const ECHO = `echo: ${TOKEN} / ${PASSWORD} / ${SECRET_KEY}`;

  function exposure(error: SwrError): string {
    return [error.message, error.detail ?? '', JSON.stringify(error)].join('\n');
  }

  it('the simulator’s demo token is the one checked here', () => {
    expect(sim.token).toBe(TOKEN);
  });

  it('a server that echoes the token, password or secret key: each client takes out the one it holds', async () => {
    sim.control.setFault(DEMO, { status: 500, errorMessage: ECHO });
    sim.control.setFault('iam', { status: 401, errorMessage: ECHO });
    const cases: [SwrClientAuth, string, string][] = [
      [tokenAuth(), TOKEN, 'SVCSTG.SWR.5003008'],
      [iamAuth(), PASSWORD, '401'],
      [akskAuth(), SECRET_KEY, 'SVCSTG.SWR.5003008'],
    ];
    for (const [auth, secret, code] of cases) {
      const error = await failure(client({ auth }).getPipeline(DEMO));
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
      await failure(client().getPipeline(DEMO)),
      await failure(client({ auth: iamAuth('wrong-password') }).getPipeline(DEMO)),
      await failure(client({ auth: akskAuth('not-the-secret-key') }).getPipeline(DEMO)),
    ];
    expect(errors.map((e) => e.kind)).toEqual(['unauthorized', 'unauthorized', 'unauthorized']);
    for (const error of errors) {
      for (const secret of [TOKEN, 'wrong-password', 'not-the-secret-key']) {
        expect(exposure(error)).not.toContain(secret);
      }
    }
  });
});
