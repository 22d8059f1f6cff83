import { describe, expect, it } from 'vitest';
import { formatBanner } from '../../../../src/backends/containerops/simulator/banner.js';
import type { Simulator } from '../../../../src/backends/containerops/simulator/server.js';
import { huaweiEncode, signRequest } from '../../../../src/backends/huawei/auth/aksk-signer.js';
import {
  AKSK_MESSAGES,
  type AkSkRefusal,
  DEMO_ACCESS_KEY,
  parseSdkDate,
} from '../../../../src/backends/huawei/simulator/aksk.js';
import { simulatorPerTest, T0 } from './helpers.js';

const start = simulatorPerTest();

interface SignOptions {
  method?: string;
  body?: string;
  /** Headers that are signed (besides host and X-Sdk-Date). */
  headers?: Record<string, string>;
  date?: Date;
  accessKey?: string;
  secretKey?: string;
  /** Changes the signed headers before sending (a tampered request). */
  edit?: (headers: Record<string, string>) => Record<string, string>;
  /** Sent instead of the signed path (a tampered request). */
  path?: string;
  /** Sent instead of the signed body (a tampered request). */
  sentBody?: string;
}

/** Signs a request to `path` with `signRequest` (the bot's signer) and sends it with `fetch`. */
function signed(sim: Simulator, path: string, options: SignOptions = {}): Promise<Response> {
  const method = options.method ?? 'GET';
  const body = options.body ?? '';
  const headers = { Accept: 'application/json', ...options.headers };
  const signature = signRequest({
    method,
    url: `${sim.url}${path}`,
    headers: options.headers ?? {},
    body,
    date: options.date ?? new Date(T0),
    accessKey: options.accessKey ?? DEMO_ACCESS_KEY.accessKey,
    secretKey: options.secretKey ?? DEMO_ACCESS_KEY.secretKey,
  });
  const sent = (options.edit ?? ((h) => h))({ ...headers, ...signature });
  return fetch(`${sim.url}${options.path ?? path}`, {
    method,
    headers: sent,
    ...(method === 'GET' ? {} : { body: options.sentBody ?? body }),
  });
}

async function expectRefusal(res: Response, reason: AkSkRefusal): Promise<void> {
  expect(res.status).toBe(401);
  const body = (await res.json()) as Record<string, string>;
  expect(body).toEqual({ error_code: 'APIGW.0301', error_msg: AKSK_MESSAGES[reason], request_id: body.request_id });
  expect(body.request_id).toMatch(/^[0-9a-f]{32}$/);
  expect(res.headers.get('x-request-id')).toBe(body.request_id);
}

const PATH = '/v3/manage/pipelines/29503';
const REVIEW_BODY = JSON.stringify({ mode: 'review', review_result: 'pass' });

describe('AK/SK signing', () => {
  it('accepts a GET signed with the demo pair (no X-Auth-Token needed)', async () => {
    const { sim } = await start();
    // alice's demo pair first (the banner's example), then one per other review user.
    expect(sim.accessKeys[0]).toEqual({
      accessKey: 'SIMULATORAK0000000001',
      secretKey: 'simulator-demo-secret-key',
      user: 'alice',
    });
    const res = await signed(sim, PATH, { headers: { 'Content-Type': 'application/json;charset=utf8' } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { name: string }).name).toBe('demo-2048');
  });

  it('accepts a list call whose query has |, :: and non-ASCII, and covers the query in the signature', async () => {
    const { sim } = await start();
    const path = `/v3/manage/pipelines?filter=${huaweiEncode('name::order|group_name::电商平台')}&limit=5`;
    const res = await signed(sim, path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-range')).toBe('0-1/1');
    expect(((await res.json()) as { name: string }[]).map((p) => p.name)).toEqual(['order-service']);

    // The same signature on another query is refused.
    const other = `/v3/manage/pipelines?filter=${huaweiEncode('name::pay')}&limit=5`;
    await expectRefusal(await signed(sim, path, { path: other }), 'signature');
  });

  it('records a review as the owner of the access key; a body changed after signing is refused', async () => {
    const bob = { accessKey: 'BOBAK', secretKey: 'bob-secret', user: 'bob' };
    const { sim, at } = await start({ accessKeys: [bob] });
    at(10);
    const put = { method: 'PUT', body: REVIEW_BODY, accessKey: 'BOBAK', secretKey: 'bob-secret' };
    const tampered = await signed(sim, '/v3/manage/pipelines/29501/stages/3/start_info', {
      ...put,
      sentBody: JSON.stringify({ mode: 'review', review_result: 'refuse' }),
    });
    await expectRefusal(tampered, 'signature');

    const res = await signed(sim, '/v3/manage/pipelines/29501/stages/3/start_info', {
      ...put,
      headers: { 'Content-Type': 'application/json;charset=utf8' },
    });
    expect(res.status).toBe(201);
    const results = (
      sim.control.pipeline(29501) as { status: { stages: { state: { review_results: { user_name: string }[] } }[] } }
    ).status.stages[3]?.state.review_results;
    expect(results).toEqual([
      { user_name: 'zhang.wei', result: 'pass' },
      { user_name: 'alice', result: 'waiting' },
      { user_name: 'bob', result: 'pass' },
    ]);
    // The demo pair is not accepted once `accessKeys` is given.
    await expectRefusal(await signed(sim, PATH), 'unknownKey');
  });

  it('refuses a wrong secret key, even with a valid X-Auth-Token alongside', async () => {
    const { sim } = await start();
    await expectRefusal(await signed(sim, PATH, { secretKey: 'not-the-secret' }), 'signature');
    const withToken = await signed(sim, PATH, {
      secretKey: 'not-the-secret',
      edit: (h) => ({ ...h, 'X-Auth-Token': sim.token }),
    });
    await expectRefusal(withToken, 'signature');
  });

  it('refuses an unknown access key', async () => {
    const { sim } = await start();
    await expectRefusal(await signed(sim, PATH, { accessKey: 'NOSUCHKEY' }), 'unknownKey');
  });

  it('refuses SignedHeaders without host or without x-sdk-date', async () => {
    const { sim } = await start();
    const setSigned = (names: string) => (h: Record<string, string>) => ({
      ...h,
      Authorization: (h.Authorization ?? '').replace(/SignedHeaders=[^,]+/, `SignedHeaders=${names}`),
    });
    await expectRefusal(await signed(sim, PATH, { edit: setSigned('x-sdk-date') }), 'signedHeaders');
    await expectRefusal(await signed(sim, PATH, { edit: setSigned('host') }), 'signedHeaders');
    await expectRefusal(await signed(sim, PATH, { edit: setSigned('accept;host') }), 'signedHeaders');
  });

  it('refuses a missing or malformed X-Sdk-Date', async () => {
    const { sim } = await start();
    const without = (h: Record<string, string>) => {
      const { 'X-Sdk-Date': _date, ...rest } = h;
      return rest;
    };
    await expectRefusal(await signed(sim, PATH, { edit: without }), 'missingDate');
    const iso = (h: Record<string, string>) => ({ ...h, 'X-Sdk-Date': new Date(T0).toISOString() });
    await expectRefusal(await signed(sim, PATH, { edit: iso }), 'missingDate');
  });

  it('accepts X-Sdk-Date up to 15 minutes from the simulator clock either way, and refuses beyond', async () => {
    const { sim, at } = await start();
    const fifteen = 15 * 60_000;
    expect((await signed(sim, PATH, { date: new Date(T0 + fifteen) })).status).toBe(200);
    expect((await signed(sim, PATH, { date: new Date(T0 - fifteen) })).status).toBe(200);
    await expectRefusal(await signed(sim, PATH, { date: new Date(T0 + fifteen + 1000) }), 'skewed');
    await expectRefusal(await signed(sim, PATH, { date: new Date(T0 - fifteen - 1000) }), 'skewed');
    // It is the simulator clock that counts, not the wall clock.
    at(3600);
    await expectRefusal(await signed(sim, PATH), 'skewed');
    expect((await signed(sim, PATH, { date: new Date(T0 + 3600_000) })).status).toBe(200);
  });

  it('refuses a signed header whose value changed, and an Authorization it cannot read', async () => {
    const { sim } = await start();
    const changed = await signed(sim, PATH, {
      headers: { 'X-Project-Id': 'p-1' },
      edit: (h) => ({ ...h, 'X-Project-Id': 'p-2' }),
    });
    await expectRefusal(changed, 'signature');
    const noSignature = await signed(sim, PATH, {
      edit: (h) => ({ ...h, Authorization: (h.Authorization ?? '').replace(/, Signature=.*$/, '') }),
    });
    await expectRefusal(noSignature, 'malformed');
    // Another scheme is not AK/SK: the request is read as token auth, and has no token.
    const basic = await signed(sim, PATH, { edit: (h) => ({ ...h, Authorization: 'Basic YWxpY2U6cHc=' }) });
    expect(basic.status).toBe(401);
    expect(((await basic.json()) as Record<string, string>).error_msg).toContain('x-auth-token not found');
  });

  it('parseSdkDate reads only real instants in YYYYMMDDTHHMMSSZ', () => {
    expect(parseSdkDate('20240301T080000Z')?.getTime()).toBe(T0);
    expect(parseSdkDate('20240230T080000Z')).toBeNull();
    expect(parseSdkDate('20240301T250000Z')).toBeNull();
    expect(parseSdkDate('2024-03-01T08:00:00Z')).toBeNull();
    expect(parseSdkDate('')).toBeNull();
  });

  it('the banner prints the pair and the env lines for AK/SK', async () => {
    const { sim } = await start();
    const text = formatBanner(sim, 1);
    expect(text).toContain(
      'AK/SK:     access key SIMULATORAK0000000001 / secret key simulator-demo-secret-key  (belongs to SWR user "alice")\n',
    );
    expect(text).toContain(
      `  SWR_ENDPOINT=${sim.url}\n  HUAWEI_ACCESS_KEY=SIMULATORAK0000000001\n  HUAWEI_SECRET_KEY=simulator-demo-secret-key\n`,
    );
  });
});
