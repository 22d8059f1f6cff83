/**
 * Servers that echo credentials back (in JSON messages, HTML pages, headers) must not get them into an error's
 * message, detail, JSON form or stack, nor into any log line.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type ContainerOpsClientOptions, createContainerOpsClient } from '../../../src/backends/containerops/client.js';
import { BackendError } from '../../../src/domain/backend-error.js';
import { createLogger } from '../../../src/log.js';
import { pid } from '../../helpers/pipeline-id.js';
import { type Handler, type LocalServer, startServer } from './local-server.js';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const STATIC_TOKEN = 'MIIstatic-token-SECRET-abc123';
const PASSWORD = 'Correct-Horse-SECRET-77';
const IAM_TOKEN = 'MIIiam-issued-token-SECRET-xyz789';
const AK = 'AKID-SECRET-AK-5555';
const SK = 'SK-SECRET-signing-key-4444';
const SECRETS = [STATIC_TOKEN, PASSWORD, IAM_TOKEN, AK, SK];
const ERROR_FIELDS = ['kind', 'message', 'status', 'code', 'requestId', 'retryAfterSeconds', 'detail'];

/** Everything a failure exposes, as text. */
function exposure(error: BackendError, lines: string[]): string {
  return [error.message, error.detail ?? '', JSON.stringify(error), String(error.stack), String(error), ...lines].join(
    '\n',
  );
}

function expectNoSecrets(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
  expect(text).not.toMatch(/Signature=[0-9a-f]{4}/);
}

async function run(handler: Handler, auth: ContainerOpsClientOptions['auth'], call: 'get' | 'list' = 'get') {
  server = await startServer(handler);
  const lines: string[] = [];
  const client = createContainerOpsClient({
    endpoint: server.url,
    auth,
    retries: 1,
    retryBaseDelayMs: 5,
    timeoutMs: 300,
    logger: createLogger({ level: 'debug', write: (line) => lines.push(line) }),
  });
  try {
    await (call === 'get' ? client.getRun(pid(1)) : client.searchByName('x', 10));
  } catch (error) {
    expect(error).toBeInstanceOf(BackendError);
    const swrError = error as BackendError;
    expect(swrError.cause).toBeUndefined();
    // Only the documented fields: no request config, headers or cause.
    for (const key of Object.keys(JSON.parse(JSON.stringify(swrError)) as object)) expect(ERROR_FIELDS).toContain(key);
    return { error: swrError, lines, exposed: exposure(swrError, lines) };
  }
  throw new Error('expected the call to fail');
}

/** Echoes every request header (auth included) back, as error bodies sometimes do. */
const echoHeaders =
  (status: number, shape: 'swr' | 'apigw' | 'html'): Handler =>
  (req) => {
    const dump = JSON.stringify(req.headers);
    if (shape === 'html') return { status, body: `<html><pre>${dump}</pre></html>` };
    if (shape === 'apigw')
      return { status, body: { error_code: 'APIGW.0301', error_msg: `bad request ${dump}`, request_id: 'r' } };
    return { status, body: [{ errorCode: 'SVCSTG.SWR.4000014', errorMessage: `echo ${dump}`, detail: dump }] };
  };

describe('secrets never leave in errors or logs', () => {
  it.each([
    [401, 'apigw'],
    [400, 'swr'],
    [502, 'html'],
    [500, 'swr'],
  ] as const)('a fixed token echoed in a %i %s body', async (status, shape) => {
    const { error, exposed } = await run(echoHeaders(status, shape), { kind: 'token', token: STATIC_TOKEN });
    expect(error.status).toBe(status);
    // A message the API wrote is kept, redacted; a body without one is described, never quoted.
    if (shape === 'html') expect(error.detail).toMatch(/^\d+ bytes of /);
    else expect(error.detail).toContain('[redacted]');
    expectNoSecrets(exposed);
  });

  it('a password echoed by IAM, and the issued token echoed by SWR', async () => {
    const iam = { kind: 'iam' as const, endpoint: '', username: 'u', password: PASSWORD, domain: 'd', project: 'p' };
    const echoPassword: Handler = (req) => ({
      status: 401,
      body: { error: { code: 401, message: `bad password in ${req.body}`, title: 'Unauthorized' } },
    });
    server = await startServer(echoPassword);
    const first = await run(echoPassword, { ...iam, endpoint: server.url });
    expectNoSecrets(first.exposed);
    await server?.close();

    let swrUrl = '';
    const echoToken: Handler = (req) =>
      req.path === '/v3/auth/tokens'
        ? {
            status: 201,
            headers: { 'x-subject-token': IAM_TOKEN },
            body: { token: { expires_at: '2999-01-01T00:00:00Z' } },
          }
        : { status: 503, body: `Service Unavailable for token ${String(req.headers['x-auth-token'])} at ${swrUrl}` };
    server = await startServer(echoToken);
    swrUrl = server.url;
    const second = await run(echoToken, { ...iam, endpoint: server.url });
    expect(second.error.kind).toBe('upstream');
    expect(second.error.detail).toMatch(/^\d+ bytes of /);
    expectNoSecrets(second.exposed);
  });

  it('access key, secret key and signature echoed back', async () => {
    const { exposed } = await run(echoHeaders(401, 'apigw'), {
      kind: 'aksk',
      accessKey: AK,
      secretKey: SK,
      projectId: 'p',
    });
    expectNoSecrets(exposed);
  });

  it('a YAML error page with the token in it, on a list', async () => {
    const { exposed } = await run(
      (req) => ({
        status: 500,
        headers: { 'content-type': 'text/yaml' },
        body: `error: "token ${String(req.headers['x-auth-token'])}"`,
      }),
      { kind: 'token', token: STATIC_TOKEN },
      'list',
    );
    expectNoSecrets(exposed);
  });

  it('a timeout and a refused connection (axios errors carry the request headers)', async () => {
    const timedOut = await run(() => ({ hang: true }), { kind: 'token', token: STATIC_TOKEN });
    expect(timedOut.error.kind).toBe('timeout');
    expectNoSecrets(timedOut.exposed);

    const url = server?.url ?? '';
    await server?.close();
    server = undefined;
    const lines: string[] = [];
    const client = createContainerOpsClient({
      endpoint: url,
      auth: { kind: 'aksk', accessKey: AK, secretKey: SK, projectId: null },
      retries: 0,
      logger: createLogger({ level: 'debug', write: (line) => lines.push(line) }),
    });
    const error = await client.getRun(pid(1)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BackendError);
    const refused = error as BackendError;
    expect(refused.kind).toBe('network');
    expectNoSecrets(exposure(refused, lines));
  });
});
