/**
 * Our signer against the official Huawei Cloud SDK's (`auth/AKSKSigner`, not exported from the package index, so
 * imported by path, here only). The SDK takes the raw path and the query as an object; ours takes the URL as sent.
 */
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js';
import { describe, expect, it } from 'vitest';
import { formatSdkDate, huaweiEncode, signRequest } from '../../../src/backends/huawei/auth/aksk-signer.js';

const AK = 'HPUAEXAMPLEACCESSKEY';
const SK = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const DATE = new Date('2024-03-05T06:07:08.999Z');

interface OracleRequest {
  method: string;
  /** Scheme, host and the path unencoded, as the SDK builds it. */
  endpoint: string;
  queryParams?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  data?: unknown;
}

function oracle(request: OracleRequest): string {
  const credentials = new BasicCredentials().withAk(AK).withSk(SK);
  const signed = AKSKSigner.sign(
    { ...request, headers: { ...request.headers, 'X-Sdk-Date': formatSdkDate(DATE) } },
    credentials,
  ) as Record<string, string>;
  const authorization = signed.Authorization;
  if (!authorization) throw new Error('the SDK produced no Authorization header');
  return authorization;
}

function ours(method: string, url: string, headers: Record<string, string> = {}, body = ''): string {
  return signRequest({ method, url, headers, body, date: DATE, accessKey: AK, secretKey: SK }).Authorization;
}

describe('signRequest matches the Huawei Cloud SDK signer', () => {
  const host = 'https://swr-api.cn-north-4.myhuaweicloud.com';

  it('formats X-Sdk-Date as YYYYMMDDTHHMMSSZ in UTC', () => {
    expect(formatSdkDate(DATE)).toBe('20240305T060708Z');
    expect(
      signRequest({ method: 'GET', url: `${host}/`, headers: {}, body: '', date: DATE, accessKey: AK, secretKey: SK }),
    ).toMatchObject({
      'X-Sdk-Date': '20240305T060708Z',
    });
  });

  it('a GET without a query', () => {
    const expected = oracle({ method: 'GET', endpoint: `${host}/v3/manage/pipelines/29476` });
    expect(ours('GET', `${host}/v3/manage/pipelines/29476`)).toBe(expected);
    expect(expected).toMatch(
      /^SDK-HMAC-SHA256 Access=HPUAEXAMPLEACCESSKEY, SignedHeaders=host;x-sdk-date, Signature=[0-9a-f]{64}$/,
    );
  });

  it('a GET with the list filter (|, ::, spaces, non-ASCII), however the URL was encoded', () => {
    const queryParams = { filter: 'name::构建 demo|group_id::812', limit: '10', offset: '0' };
    const expected = oracle({ method: 'GET', endpoint: `${host}/v3/manage/pipelines`, queryParams });
    const canonical = `filter=${huaweiEncode(queryParams.filter)}&limit=10&offset=0`;
    expect(ours('GET', `${host}/v3/manage/pipelines?${canonical}`)).toBe(expected);
    // URLSearchParams writes spaces as `+` and keeps `:` — the signature reads the decoded values.
    expect(ours('GET', `${host}/v3/manage/pipelines?${new URLSearchParams(queryParams)}`)).toBe(expected);
    // Unencoded, and in another order.
    expect(ours('GET', `${host}/v3/manage/pipelines?offset=0&limit=10&filter=name::构建 demo|group_id::812`)).toBe(
      expected,
    );
  });

  it('a GET with repeated keys and reserved characters in keys and values', () => {
    const queryParams = { tag: ['b', 'a c', 'A'], 'x y': "it's (ok)*!", empty: '' };
    const expected = oracle({ method: 'GET', endpoint: `${host}/v3/things`, queryParams });
    expect(ours('GET', `${host}/v3/things?tag=b&x%20y=it%27s%20%28ok%29%2A%21&tag=a%20c&empty=&tag=A`)).toBe(expected);
  });

  it('a PUT with a JSON body and signed content-type and project headers', () => {
    const data = { mode: 'review', review_result: 'pass', 备注: '好' };
    const headers = { 'Content-Type': 'application/json;charset=utf8', 'X-Project-Id': '0123456789abcdef' };
    const expected = oracle({
      method: 'PUT',
      endpoint: `${host}/v3/manage/pipelines/29476/stages/2/start_info`,
      headers,
      data,
    });
    const url = `${host}/v3/manage/pipelines/29476/stages/2/start_info`;
    expect(ours('PUT', url, headers, JSON.stringify(data))).toBe(expected);
    expect(expected).toContain('SignedHeaders=content-type;host;x-project-id;x-sdk-date,');
    // The body is signed: a different body gives a different signature.
    expect(ours('PUT', url, headers, JSON.stringify({ ...data, review_result: 'refuse' }))).not.toBe(expected);
  });

  it('path segments that need encoding', () => {
    const expected = oracle({ method: 'GET', endpoint: `${host}/v3/仓库/a:b@c/~tilde_ok-./`, queryParams: {} });
    expect(ours('GET', `${host}/v3/%E4%BB%93%E5%BA%93/a%3Ab%40c/~tilde_ok-./`)).toBe(expected);
    expect(ours('GET', `${host}/v3/仓库/a:b@c/~tilde_ok-./`)).toBe(expected);
  });

  it('a host with a port', () => {
    const expected = oracle({ method: 'GET', endpoint: 'http://127.0.0.1:8099/v3/manage/pipelines/1' });
    expect(ours('GET', 'http://127.0.0.1:8099/v3/manage/pipelines/1')).toBe(expected);
  });

  it('depends on the secret key and the date', () => {
    const url = `${host}/v3/manage/pipelines/1`;
    const base = { method: 'GET', url, headers: {}, body: '', accessKey: AK };
    const a = signRequest({ ...base, date: DATE, secretKey: SK }).Authorization;
    expect(signRequest({ ...base, date: DATE, secretKey: `${SK}x` }).Authorization).not.toBe(a);
    expect(signRequest({ ...base, date: new Date(DATE.getTime() + 1000), secretKey: SK }).Authorization).not.toBe(a);
  });
});
