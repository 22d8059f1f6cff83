import { describe, expect, it } from 'vitest';
import {
  type CodeArtsOperation,
  interpretAnswer,
  RESPONSE_KINDS,
  type ReceivedAnswer,
  readApiError,
  responseOutcome,
  retryAfterSeconds,
  reviewAnswerError,
} from '../../../src/backends/codearts/errors.js';
import { BACKEND_ERROR_KINDS, type BackendError } from '../../../src/domain/backend-error.js';

const NOW = Date.UTC(2024, 2, 1, 8, 0, 0);

function answer(status: number, body: unknown, headers: Record<string, string> = {}): ReceivedAnswer {
  return { status, headers, body, text: body === undefined ? '' : JSON.stringify(body) };
}

function errorOf(status: number, body: unknown, op: CodeArtsOperation = 'detail', headers = {}): BackendError {
  const result = interpretAnswer(answer(status, body, headers), op, ['s3cr3t-token'], NOW);
  if (result.kind !== 'error') throw new Error(`expected an error, got ${result.kind}`);
  return result.error;
}

describe('the mapping table', () => {
  it('every row maps to a BackendError kind or queued, and says why', () => {
    for (const rule of RESPONSE_KINDS) {
      expect([...BACKEND_ERROR_KINDS, 'queued']).toContain(rule.kind);
      expect(rule.why.length).toBeGreaterThan(10);
    }
  });

  it.each([
    // status, code, operation, kind
    [200, 'DEVPIPE.00011169', 'run', 'queued'],
    [200, 'DEVPIPE.00011170', 'run', 'queued'],
    [200, 'DEVPIPE.00011169', 'detail', 'rate_limited'],
    [429, undefined, 'detail', 'rate_limited'],
    [429, 'APIGW.0308', 'review', 'rate_limited'],
    [400, undefined, 'login', 'unauthorized'],
    [401, undefined, 'login', 'unauthorized'],
    [200, 'DEV_21_100169', 'detail', 'unavailable'],
    [404, 'DEV_21_100169', 'list', 'unavailable'],
    [400, 'DEVPIPE.00011412', 'detail', 'unavailable'],
    [200, 'DEVPIPE.00011401', 'detail', 'not_found'],
    [400, 'DEVPIPE.00011401', 'log', 'not_found'],
    [404, 'APIGW.0101', 'detail', 'unavailable'],
    [404, undefined, 'detail', 'not_found'],
    [404, 'SIM.00000404', 'review', 'not_found'],
    [401, 'APIGW.0301', 'detail', 'unauthorized'],
    [401, 'APIGW.0301', 'review', 'unauthorized'],
    [403, 'APIGW.0302', 'detail', 'forbidden'],
    [403, 'SIM.00000403', 'review', 'forbidden'],
    [400, 'SIM.00000400', 'list', 'bad_request'],
    [500, undefined, 'detail', 'upstream'],
    [502, 'APIGW.0203', 'status', 'upstream'],
    [503, undefined, 'log', 'upstream'],
    [200, 'SIM.00000409', 'review', 'bad_request'],
    [200, 'DEVPIPE.99999999', 'detail', 'upstream'],
    [201, 'X', 'run', 'upstream'],
    [405, undefined, 'detail', 'bad_request'],
    [409, undefined, 'review', 'bad_request'],
    [302, undefined, 'detail', 'invalid_response'],
    [100, undefined, 'detail', 'upstream'],
  ] as const)('%i %s on %s → %s', (status, code, op, kind) => {
    expect(responseOutcome(status, code, op)).toBe(kind);
  });
});

describe('reading error bodies', () => {
  it('reads both shapes; an empty or missing code is no error', () => {
    expect(readApiError({ error_code: 'DEVPIPE.00011401', error_msg: 'gone', request_id: 'r1' })).toEqual({
      shape: 'error_code',
      code: 'DEVPIPE.00011401',
      message: 'gone',
      requestId: 'r1',
    });
    expect(readApiError({ error: { code: 'DEV_21_100169', message: 'no project' } })).toEqual({
      shape: 'error_object',
      code: 'DEV_21_100169',
      message: 'no project',
    });
    expect(readApiError({ error_code: 12345 })?.code).toBe('12345');
    expect(readApiError({ error: { code: 'E1' } })).toEqual({ shape: 'error_object', code: 'E1' });
    expect(readApiError({ error_code: 'X', error_msg: { nested: true }, error: 'text' })).toEqual({
      shape: 'error_code',
      code: 'X',
    });
    for (const body of [
      undefined,
      null,
      [],
      'error',
      {},
      { error_code: '' },
      { error_code: '  ' },
      { error: {} },
      { error: { code: '' } },
      { error: 'x' },
      { success: true },
    ]) {
      expect(readApiError(body), JSON.stringify(body)).toBeNull();
    }
  });

  it('reads the queued run beside the code', () => {
    const body = {
      error_code: 'DEVPIPE.00011170',
      error_msg: 'queued',
      error: { pipeline_run_id: 'r'.repeat(32), queue_id: 'q1' },
    };
    expect(interpretAnswer(answer(200, body), 'run', [], NOW)).toEqual({
      kind: 'queued',
      runId: 'r'.repeat(32),
      queueId: 'q1',
    });
    expect(interpretAnswer(answer(200, { error_code: 'DEVPIPE.00011169' }), 'run', [], NOW)).toEqual({
      kind: 'queued',
      runId: null,
      queueId: null,
    });
  });
});

describe('interpretAnswer', () => {
  it('a 2xx without an error code is fine, whatever else it holds', () => {
    for (const body of [
      { status: 'RUNNING' },
      [],
      { success: false },
      undefined,
      { error: { pipeline_run_id: 'x' } },
    ]) {
      expect(interpretAnswer(answer(200, body), 'detail', [], NOW)).toEqual({ kind: 'ok' });
    }
  });

  it('an error code inside a 200 is an error (as Huawei’s Terraform provider treats it)', () => {
    const error = errorOf(200, { error_code: 'DEVPIPE.00011401', error_msg: 'The pipeline does not exist.' });
    expect(error.kind).toBe('not_found');
    expect(error.status).toBe(200);
    expect(error.code).toBe('DEVPIPE.00011401');
    expect(error.detail).toBe('The pipeline does not exist.');
  });

  it('keeps the request id, the Retry-After wait and a redacted, short detail', () => {
    const throttled = errorOf(
      429,
      { error_code: 'APIGW.0308', error_msg: 'slow down, token s3cr3t-token', request_id: 'req-1' },
      'list',
      { 'retry-after': '7' },
    );
    expect(throttled).toMatchObject({ kind: 'rate_limited', requestId: 'req-1', retryAfterSeconds: 7 });
    expect(throttled.detail).not.toContain('s3cr3t-token');
    const fromHeader = errorOf(500, undefined, 'detail', { 'x-request-id': 'hdr-2' });
    expect(fromHeader.requestId).toBe('hdr-2');
    expect(fromHeader.detail).toBe('(empty body)');
    const html = interpretAnswer(
      { status: 502, headers: {}, body: undefined, text: `<html>${'x'.repeat(1_000)}</html>` },
      'detail',
      [],
      NOW,
    );
    expect(html.kind === 'error' && html.error.detail?.length).toBeLessThanOrEqual(301);
    expect(errorOf(404, { error: { code: 'X', message: 'm'.repeat(1_000) } }).detail?.length).toBe(300);
  });

  it('never puts the body or a secret in the message a person may read', () => {
    const error = errorOf(403, { error_code: 'APIGW.0302', error_msg: 'token s3cr3t-token refused' }, 'review');
    expect(error.message).not.toContain('s3cr3t-token');
    expect(JSON.stringify(error.toJSON())).not.toContain('s3cr3t-token');
  });

  it('Retry-After: seconds, an HTTP date, or nothing', () => {
    expect(retryAfterSeconds('30', NOW)).toBe(30);
    expect(retryAfterSeconds(new Date(NOW + 12_500).toUTCString(), NOW)).toBe(12);
    expect(retryAfterSeconds(new Date(NOW - 5_000).toUTCString(), NOW)).toBe(0);
    expect(retryAfterSeconds('soon', NOW)).toBeUndefined();
    expect(retryAfterSeconds(undefined, NOW)).toBeUndefined();
  });

  it('{"success": false} from pass/refuse is a bad_request; true is none', () => {
    expect(reviewAnswerError({ success: true })).toBeNull();
    expect(reviewAnswerError({ success: false })?.kind).toBe('bad_request');
  });
});
