import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js';
import { afterEach, describe, expect, it } from 'vitest';
import { type ContainerOpsClientOptions, createContainerOpsClient } from '../../../src/backends/containerops/client.js';
import { PASSWORD_REJECTED_MESSAGE } from '../../../src/backends/huawei/auth/iam-token.js';
import { BACKEND_ERROR_MESSAGES } from '../../../src/domain/backend-error.js';
import { pid } from '../../helpers/pipeline-id.js';
import { type Handler, type LocalServer, type Reply, type SeenRequest, startServer } from './local-server.js';
import { failure } from './swr-failure.js';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const IAM = { username: 'bot-user', password: 'Pa55-word-for-tests', domain: 'acme', project: 'cn-north-4' };
const T0 = Date.parse('2024-06-01T00:00:00Z');

interface IamScript {
  /** Answer to the n-th login (from 1); default: a token `tok-n` valid 24 h. */
  login?: (n: number) => Reply | Promise<Reply>;
  /** Answer to SWR for a request carrying `token`; default: pipeline 1. */
  swr?: (token: string | undefined, req: SeenRequest) => Reply;
}

function issued(n: number, expiresAt = new Date(T0 + 24 * 3600_000)): Reply {
  return {
    status: 201,
    headers: { 'x-subject-token': `tok-${n}` },
    body: { token: { expires_at: expiresAt.toISOString().replace('Z', '000Z'), methods: ['password'] } },
  };
}

async function iamWorld(script: IamScript = {}) {
  let logins = 0;
  const handler: Handler = async (req) => {
    if (req.path === '/v3/auth/tokens') {
      logins += 1;
      return script.login ? script.login(logins) : issued(logins);
    }
    const token = req.headers['x-auth-token'];
    return script.swr ? script.swr(typeof token === 'string' ? token : undefined, req) : { body: { id: 1 } };
  };
  server = await startServer(handler);
  const s = server;
  return {
    server: s,
    logins: () => logins,
    swrRequests: () => s.requestsTo('/v3/manage'),
    client: (options: Partial<ContainerOpsClientOptions> = {}) =>
      createContainerOpsClient({
        endpoint: s.url,
        auth: { kind: 'iam', endpoint: s.url, ...IAM },
        retryBaseDelayMs: 5,
        cacheMs: 0,
        now: () => T0,
        ...options,
      }),
  };
}

describe('IAM password tokens', () => {
  it('logs in with the documented request and sends the token from X-Subject-Token', async () => {
    const world = await iamWorld();
    const client = world.client();
    await client.getRun(pid(1));
    await client.getRun(pid(2));
    expect(world.logins()).toBe(1);
    const [login] = world.server.requestsTo('/v3/auth/tokens');
    expect(login?.method).toBe('POST');
    expect(login?.rawQuery).toBe('nocatalog=true');
    expect(login?.headers['content-type']).toBe('application/json;charset=utf8');
    expect(login?.headers['x-auth-token']).toBeUndefined();
    expect(JSON.parse(login?.body ?? '')).toEqual({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'bot-user', password: IAM.password, domain: { name: 'acme' } } },
        },
        scope: { project: { name: 'cn-north-4' } },
      },
    });
    expect(world.swrRequests().map((r) => r.headers['x-auth-token'])).toEqual(['tok-1', 'tok-1']);
  });

  it('refreshes the token shortly before expires_at', async () => {
    let now = T0;
    const world = await iamWorld();
    const client = world.client({ now: () => now });
    await client.getRun(pid(1));
    now = T0 + 24 * 3600_000 - 6 * 60_000; // 6 minutes before the end: still used
    await client.getRun(pid(1));
    expect(world.logins()).toBe(1);
    now = T0 + 24 * 3600_000 - 4 * 60_000; // 4 minutes before: refreshed
    await client.getRun(pid(1));
    expect(world.logins()).toBe(2);
    expect(world.swrRequests().map((r) => r.headers['x-auth-token'])).toEqual(['tok-1', 'tok-1', 'tok-2']);
  });

  it('on a 401 from SWR, logs in again once and retries once', async () => {
    const world = await iamWorld({
      swr: (token) =>
        token === 'tok-1'
          ? { status: 401, body: [{ errorCode: 'SVCSTG.SWR.4010000', errorMessage: 'Authenticate Error', detail: '' }] }
          : { body: { id: 1, name: 'fresh' } },
    });
    const pipeline = await world.client().getRun(pid(1));
    expect(pipeline.name).toBe('fresh');
    expect(world.logins()).toBe(2);
    expect(world.swrRequests().map((r) => r.headers['x-auth-token'])).toEqual(['tok-1', 'tok-2']);
  });

  it('fails with unauthorized when the fresh token is refused too (no loop)', async () => {
    const world = await iamWorld({ swr: () => ({ status: 401, body: { error_code: 'APIGW.0301', error_msg: 'no' } }) });
    const error = await failure(world.client().getRun(pid(1)));
    expect(error.kind).toBe('unauthorized');
    expect(error.code).toBe('APIGW.0301');
    expect(world.logins()).toBe(2);
    expect(world.swrRequests()).toHaveLength(2);
  });

  it('shares one login among concurrent callers', async () => {
    const world = await iamWorld({
      login: async (n) => {
        await new Promise((resolve) => setTimeout(resolve, 60));
        return issued(n);
      },
    });
    const client = world.client();
    await Promise.all([1, 2, 3, 4, 5].map((id) => client.getRun(pid(id))));
    expect(world.logins()).toBe(1);
    expect(new Set(world.swrRequests().map((r) => r.headers['x-auth-token']))).toEqual(new Set(['tok-1']));
  });

  it('shares one refresh among concurrent 401s', async () => {
    const world = await iamWorld({
      login: async (n) => {
        await new Promise((resolve) => setTimeout(resolve, 30));
        return issued(n);
      },
      swr: (token) => (token === 'tok-1' ? { status: 401, body: {} } : { body: { id: 1 } }),
    });
    const client = world.client();
    await Promise.all([1, 2, 3].map((id) => client.getRun(pid(id))));
    // One first login, three 401s with tok-1, one refresh for all three.
    expect(world.logins()).toBe(2);
    const tokens = world.swrRequests().map((r) => r.headers['x-auth-token']);
    expect(tokens.filter((t) => t === 'tok-1')).toHaveLength(3);
    expect(tokens.filter((t) => t === 'tok-2')).toHaveLength(3);
  });

  it.each([401, 403])('never sends a password IAM rejected with %i again', async (status) => {
    const world = await iamWorld({
      login: () => ({
        status,
        headers: { 'x-request-id': 'iam-req-7' },
        body: { error: { code: status, message: 'The username or password is wrong.', title: 'Unauthorized' } },
      }),
    });
    const client = world.client();
    for (let i = 0; i < 4; i += 1) {
      const error = await failure(client.getRun(pid(1)));
      expect(error.kind).toBe('unauthorized');
      expect(error.message).toBe(PASSWORD_REJECTED_MESSAGE);
      expect(error.message).toContain('HUAWEI_PASSWORD');
      expect(error.message).toMatch(/restart/);
      expect(error.code).toBe(String(status));
      expect(error.requestId).toBe('iam-req-7');
    }
    expect(world.logins()).toBe(1);
    expect(world.swrRequests()).toHaveLength(0);
  });

  it('stops using the password when the refresh after a 401 is rejected', async () => {
    const world = await iamWorld({
      login: (n) => (n === 1 ? issued(n) : { status: 401, body: { error: { code: 401, message: 'wrong' } } }),
      swr: () => ({ status: 401, body: {} }),
    });
    const client = world.client();
    const first = await failure(client.getRun(pid(1))); // tok-1 refused by SWR; the re-login refused by IAM
    expect(first.message).toBe(PASSWORD_REJECTED_MESSAGE);
    for (const id of [1, 2, 3]) expect((await failure(client.getRun(pid(id)))).message).toBe(PASSWORD_REJECTED_MESSAGE);
    expect(world.logins()).toBe(2);
    expect(world.swrRequests()).toHaveLength(1);
  });

  it('tries IAM again after a passing failure (5xx), which does not lock', async () => {
    const world = await iamWorld({ login: (n) => (n === 1 ? { status: 503, body: 'busy' } : issued(n)) });
    const client = world.client();
    const error = await failure(client.getRun(pid(1)));
    expect(error.kind).toBe('upstream');
    expect(error.detail).toMatch(/^IAM:/);
    expect((await client.getRun(pid(1))).id).toBe('1');
    expect(world.logins()).toBe(2);
  });

  it('says which settings to check when IAM refuses for another reason, without locking', async () => {
    const world = await iamWorld({
      login: () => ({
        status: 400,
        body: { error: { code: 400, message: 'project name is invalid', title: 'Bad Request' } },
      }),
    });
    const client = world.client();
    const error = await failure(client.getRun(pid(1)));
    expect(error.kind).toBe('unauthorized');
    expect(error.message).toMatch(/HUAWEI_/);
    await failure(client.getRun(pid(1)));
    expect(world.logins()).toBe(2);
  });

  it('reports a login answer without X-Subject-Token as invalid_response', async () => {
    const world = await iamWorld({ login: () => ({ status: 201, body: { token: {} } }) });
    const error = await failure(world.client().getRun(pid(1)));
    expect(error.kind).toBe('invalid_response');
  });
});

describe('a fixed token', () => {
  it('sends X-Auth-Token and does not retry a 401', async () => {
    server = await startServer(() => ({
      status: 401,
      body: [{ errorCode: 'SVCSTG.SWR.4010000', errorMessage: 'x', detail: '' }],
    }));
    const client = createContainerOpsClient({
      endpoint: server.url,
      auth: { kind: 'token', token: 'fixed-token-123' },
    });
    const error = await failure(client.getRun(pid(1)));
    expect(error.kind).toBe('unauthorized');
    expect(error.message).toBe(BACKEND_ERROR_MESSAGES.unauthorized);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers['x-auth-token']).toBe('fixed-token-123');
  });
});

describe('AK/SK signing over HTTP', () => {
  const AK = 'AKIDEXAMPLE12345';
  const SK = 'sk-example-secret-0987654321';

  /** What a gateway does: recompute the signature (here with the official SDK) from the request as received. */
  function sdkAuthorization(req: SeenRequest, url: string): string {
    const signedHeaders = /SignedHeaders=([^,]+)/.exec(String(req.headers.authorization))?.[1]?.split(';') ?? [];
    const headers: Record<string, string> = {};
    for (const name of signedHeaders) headers[name === 'x-sdk-date' ? 'X-Sdk-Date' : name] = String(req.headers[name]);
    const queryParams: Record<string, string | string[]> = {};
    for (const [key, value] of req.query) {
      const seen = queryParams[key];
      queryParams[key] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
    }
    const signed = AKSKSigner.sign(
      { method: req.method, endpoint: `${url}${decodeURIComponent(req.path)}`, headers, queryParams },
      new BasicCredentials().withAk(AK).withSk(SK),
    ) as Record<string, string>;
    return signed.Authorization ?? '';
  }

  it('signs get and list requests as the SDK would, with X-Project-Id and X-Sdk-Date', async () => {
    server = await startServer((req) => ({ body: req.path.endsWith('/pipelines') ? [] : { id: 1 } }));
    const client = createContainerOpsClient({
      endpoint: server.url,
      auth: { kind: 'aksk', accessKey: AK, secretKey: SK, projectId: 'proj-0123' },
      now: () => Date.parse('2024-06-01T08:09:10Z'),
    });
    await client.getRun(pid(29476));
    await client.searchByName('镜像 demo', 5);
    expect(server.requests).toHaveLength(2);
    for (const req of server.requests) {
      expect(req.headers['x-sdk-date']).toBe('20240601T080910Z');
      expect(req.headers['x-project-id']).toBe('proj-0123');
      expect(req.headers['x-auth-token']).toBeUndefined();
      expect(req.headers.authorization).toMatch(
        /^SDK-HMAC-SHA256 Access=AKIDEXAMPLE12345, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=[0-9a-f]{64}$/,
      );
      expect(req.headers.authorization).toBe(sdkAuthorization(req, server.url));
    }
  });

  it('leaves out X-Project-Id when none is configured', async () => {
    server = await startServer(() => ({ body: { id: 1 } }));
    const client = createContainerOpsClient({
      endpoint: server.url,
      auth: { kind: 'aksk', accessKey: AK, secretKey: SK, projectId: null },
    });
    await client.getRun(pid(1));
    const [req] = server.requests;
    if (!req) throw new Error('no request reached the server');
    expect(req.headers['x-project-id']).toBeUndefined();
    expect(req.headers.authorization).toContain('SignedHeaders=content-type;host;x-sdk-date,');
    expect(req.headers.authorization).toBe(sdkAuthorization(req, server.url));
  });

  it('does not retry a refused signature', async () => {
    server = await startServer(() => ({
      status: 401,
      body: {
        error_code: 'APIGW.0301',
        error_msg: 'Incorrect IAM authentication information: verify aksk signature fail',
        request_id: 'r-1',
      },
    }));
    const client = createContainerOpsClient({
      endpoint: server.url,
      auth: { kind: 'aksk', accessKey: AK, secretKey: SK, projectId: null },
    });
    const error = await failure(client.getRun(pid(1)));
    expect(error).toMatchObject({ kind: 'unauthorized', code: 'APIGW.0301', requestId: 'r-1' });
    expect(server.requests).toHaveLength(1);
  });
});
