import { describe, expect, it } from 'vitest';
import { parseContentRange } from '../../../src/backends/containerops/client.js';
import { containerOpsKind, RESPONSE_KINDS } from '../../../src/backends/containerops/error-table.js';
import { iamKind } from '../../../src/backends/huawei/auth/iam-token.js';
import { readHuaweiError, retryAfterSeconds, transportKind } from '../../../src/backends/huawei/error-mapping.js';
import { BACKEND_ERROR_KINDS, BACKEND_ERROR_MESSAGES, BackendError } from '../../../src/domain/backend-error.js';

describe('readHuaweiError', () => {
  it('reads the SWR array shape', () => {
    expect(
      readHuaweiError([
        { errorCode: 'SVCSTG.SWR.4001048', errorMessage: 'Failed to get Token from Context', detail: '' },
      ]),
    ).toEqual({ code: 'SVCSTG.SWR.4001048', message: 'Failed to get Token from Context' });
  });

  it('reads the SWR single-object shape, joining message and detail', () => {
    expect(readHuaweiError({ errorCode: 'SVCSTG.SWR.4040162', errorMessage: 'Not found', detail: 'id 9' })).toEqual({
      code: 'SVCSTG.SWR.4040162',
      message: 'Not found: id 9',
    });
  });

  it('reads the API gateway shape with its request id', () => {
    expect(
      readHuaweiError({
        error_code: 'APIGW.0301',
        error_msg: 'Incorrect IAM authentication information',
        request_id: 'abc',
      }),
    ).toEqual({
      code: 'APIGW.0301',
      message: 'Incorrect IAM authentication information',
      requestId: 'abc',
    });
  });

  it('reads the IAM shape, its numeric code as a string', () => {
    expect(
      readHuaweiError({ error: { code: 401, message: 'The username or password is wrong.', title: 'Unauthorized' } }),
    ).toEqual({
      code: '401',
      message: 'Unauthorized: The username or password is wrong.',
    });
  });

  it.each([[null], ['text'], [[]], [{}], [42]])('reads nothing from %j', (body) => {
    expect(readHuaweiError(body)).toEqual({});
  });
});

describe('the mapping table', () => {
  it.each([
    [404, 'SVCSTG.SWR.4040083', 'get', 'unavailable'],
    [404, 'SVCSTG.SWR.4040083', 'list', 'unavailable'],
    [404, 'APIGW.0101', 'get', 'unavailable'],
    [404, undefined, 'get', 'not_found'],
    [404, 'SVCSTG.SWR.4040162', 'get', 'not_found'],
    [500, 'SVCSTG.SWR.5001123', 'get', 'not_found'],
    [500, 'SVCSTG.SWR.5001123', 'list', 'upstream'],
    [400, 'SVCSTG.S2I.4007003', 'get', 'not_found'],
    [400, 'SVCSTG.S2I.4007003', 'list', 'bad_request'],
    [400, undefined, 'get', 'bad_request'],
    [401, 'APIGW.0301', 'get', 'unauthorized'],
    [403, undefined, 'get', 'forbidden'],
    [403, 'SVCSTG.SWR.4031032', 'get', 'rate_limited'],
    [409, 'SVCSTG.SWR.4091105', 'get', 'bad_request'],
    [429, undefined, 'get', 'rate_limited'],
    [429, undefined, 'login', 'rate_limited'],
    [502, undefined, 'get', 'upstream'],
    [504, undefined, 'list', 'upstream'],
    [418, undefined, 'get', 'bad_request'],
    [301, undefined, 'get', 'invalid_response'],
    [400, undefined, 'login', 'unauthorized'],
    [404, undefined, 'login', 'unauthorized'],
    [500, undefined, 'login', 'upstream'],
  ] as const)('%i %s on %s → %s', (status, code, operation, kind) => {
    const kindOf = operation === 'login' ? iamKind(status, code) : containerOpsKind(status, code, operation);
    expect(kindOf).toBe(kind);
  });

  it('has a reason for every row and uses only known kinds', () => {
    for (const rule of RESPONSE_KINDS) {
      expect(BACKEND_ERROR_KINDS).toContain(rule.kind);
      expect(rule.why.length).toBeGreaterThan(10);
    }
  });

  it('maps transport failures', () => {
    expect(transportKind('ECONNABORTED')).toBe('timeout');
    expect(transportKind('ETIMEDOUT')).toBe('timeout');
    expect(transportKind('ECONNREFUSED')).toBe('network');
    expect(transportKind('ENOTFOUND')).toBe('network');
    expect(transportKind('ECONNRESET')).toBe('network');
    expect(transportKind(undefined)).toBe('network');
    expect(transportKind('ERR_BAD_RESPONSE')).toBe('invalid_response');
  });
});

describe('retryAfterSeconds', () => {
  const now = Date.parse('2024-06-01T12:00:00Z');
  it.each([
    ['3', 3],
    [' 120 ', 120],
    ['Sat, 01 Jun 2024 12:00:30 GMT', 30],
    ['Sat, 01 Jun 2024 11:00:00 GMT', 0],
    ['soon', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j → %j', (header, seconds) => {
    expect(retryAfterSeconds(header, now)).toBe(seconds);
  });
});

describe('parseContentRange', () => {
  it.each([
    ['12-6/208', { offset: 12, total: 208 }],
    ['0-0/0', { offset: 0, total: 0 }],
    ['items 0-10/11', { offset: 0, total: 11 }],
    ['bytes */100', null],
    ['', null],
    [undefined, null],
  ])('%j → %j', (header, range) => {
    expect(parseContentRange(header)).toEqual(range);
  });
});

describe('BackendError', () => {
  it('has a short user message for every kind', () => {
    for (const kind of BACKEND_ERROR_KINDS) {
      const message = BACKEND_ERROR_MESSAGES[kind];
      expect(message.length).toBeGreaterThan(10);
      expect(message.length).toBeLessThan(120);
      expect(new BackendError(kind).message).toBe(message);
    }
  });
});
