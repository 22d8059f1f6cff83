/**
 * From an HTTP failure to a `SwrError`: reads the three documented error-body shapes and decides the `kind` with
 * one table (`RESPONSE_KINDS`), so the mapping is written down once and tested against it.
 */

import { bodySnippet, tryDecodeBody } from './body.js';
import { SwrError, type SwrErrorKind } from './errors.js';
import { redactSecrets } from './redact.js';

/** Which call failed: the mapping of a few codes depends on it. */
export type SwrOperation = 'get' | 'list' | 'login';

/** One row of the mapping table; the first row that matches wins. */
export interface ResponseKindRule {
  /** An exact HTTP status, or a class. */
  status: number | '3xx' | '4xx' | '5xx';
  /** Huawei error codes this row is limited to. */
  codes?: readonly string[];
  /** Calls this row is limited to. */
  operations?: readonly SwrOperation[];
  kind: SwrErrorKind;
  why: string;
}

// Codes that mean "this id is wrong" on the detail call (the only parameter it has is the id).
const ID_CODES = ['SVCSTG.S2I.4007003', 'SVCSTG.S2I.4009013', 'SVCSTG.SWR.4000014'] as const;

/**
 * The mapping, in order. Failures without an HTTP answer are mapped by `transportKind`:
 * a timeout (no answer within `timeoutMs`, or a server that never answers) → `timeout`;
 * refused, reset, DNS or TLS failures → `network`; a 2xx body that is cut off, HTML, empty or not a pipeline →
 * `invalid_response`.
 */
export const RESPONSE_KINDS: readonly ResponseKindRule[] = [
  { status: 429, kind: 'rate_limited', why: 'throttled (e.g. APIGW.0308); Retry-After is kept' },
  {
    status: '4xx',
    operations: ['login'],
    kind: 'unauthorized',
    why: 'IAM refused to issue a token (wrong password, unknown user, domain or project)',
  },
  {
    status: 404,
    codes: ['SVCSTG.SWR.4040083', 'APIGW.0101'],
    kind: 'unavailable',
    why: 'the URI itself is unknown: ContainerOps is not enabled for this account or region',
  },
  { status: 404, kind: 'not_found', why: 'what an unknown pipeline id usually returns (e.g. SVCSTG.SWR.4040162)' },
  {
    status: 500,
    codes: ['SVCSTG.SWR.5001123', 'SVCSTG.SWR.5007001'],
    operations: ['get'],
    kind: 'not_found',
    why: '"Fail to get pipeline detail!" / "pipeline auth is not found" is how an unknown or hidden id can fail',
  },
  { status: 400, codes: ID_CODES, operations: ['get'], kind: 'not_found', why: 'an id-related 400 on the detail call' },
  { status: 400, kind: 'bad_request', why: 'malformed request' },
  { status: 401, kind: 'unauthorized', why: 'token expired or wrong, AK/SK signature refused (e.g. APIGW.0301)' },
  {
    status: 403,
    codes: ['SVCSTG.SWR.4031032', 'SVCSTG.SWR.4031042'],
    kind: 'rate_limited',
    why: 'SWR sends its own "too many requests" as 403',
  },
  { status: 403, kind: 'forbidden', why: 'the account may not read this pipeline' },
  { status: 409, kind: 'bad_request', why: 'documented for the detail call, though it belongs to create' },
  { status: '5xx', kind: 'upstream', why: 'server-side failure; retried for GETs' },
  { status: '4xx', kind: 'bad_request', why: 'any other client error (405, 406, 413, …)' },
  { status: '3xx', kind: 'invalid_response', why: 'redirects are not followed (they would carry the token)' },
];

/** Kinds worth another attempt of a GET (with backoff): the server may answer differently in a moment. */
export const RETRYABLE_KINDS: readonly SwrErrorKind[] = ['network', 'upstream', 'rate_limited'];

/** The kind of an HTTP error answer, from `RESPONSE_KINDS`. */
export function responseKind(status: number, code: string | undefined, operation: SwrOperation): SwrErrorKind {
  for (const rule of RESPONSE_KINDS) {
    if (!statusMatches(rule.status, status)) continue;
    if (rule.codes && (code === undefined || !rule.codes.includes(code))) continue;
    if (rule.operations && !rule.operations.includes(operation)) continue;
    return rule.kind;
  }
  return 'upstream';
}

function statusMatches(ruleStatus: ResponseKindRule['status'], status: number): boolean {
  if (typeof ruleStatus === 'number') return ruleStatus === status;
  return Math.floor(status / 100) === Number(ruleStatus[0]);
}

/** Error codes (axios' `ECONNABORTED`, Node's `ETIMEDOUT`) that mean "no answer in time". */
const TIMEOUT_CODES = ['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT'];

/** The kind of a failure with no whole HTTP answer (from its Node or axios error code). */
export function transportKind(errorCode: string | undefined): SwrErrorKind {
  if (errorCode !== undefined && TIMEOUT_CODES.includes(errorCode)) return 'timeout';
  // axios' code for a body that was cut off or too large.
  return errorCode === 'ERR_BAD_RESPONSE' ? 'invalid_response' : 'network';
}

/** What an error body says, whichever of the three documented shapes it has. */
export interface HuaweiErrorBody {
  code?: string;
  message?: string;
  requestId?: string;
}

/**
 * Reads an error body: SWR `[{errorCode, errorMessage, detail}]` (or one such object), API gateway
 * `{error_code, error_msg, request_id}`, IAM `{error: {code, message, title}}`.
 */
export function readHuaweiError(body: unknown): HuaweiErrorBody {
  const item = Array.isArray(body) ? body.find(isDict) : body;
  if (!isDict(item)) return {};
  if ('errorCode' in item || 'errorMessage' in item) {
    const detail = str(item.detail);
    const message = str(item.errorMessage);
    return compact({
      code: str(item.errorCode),
      message: detail && message ? `${message}: ${detail}` : message || detail,
    });
  }
  if ('error_code' in item || 'error_msg' in item) {
    return compact({ code: str(item.error_code), message: str(item.error_msg), requestId: str(item.request_id) });
  }
  if (isDict(item.error)) {
    const { code, message, title } = item.error;
    return compact({ code: str(code), message: [str(title), str(message)].filter(Boolean).join(': ') });
  }
  return compact({ code: str(item.code), message: str(item.message) });
}

/** The failed answer, as the transport saw it. */
export interface FailedResponse {
  status: number;
  headers: Readonly<Record<string, string>>;
  text: string;
}

/** Builds the `SwrError` for an HTTP error answer; `detail` is redacted and short. */
export function errorFromResponse(
  response: FailedResponse,
  operation: SwrOperation,
  secrets: readonly string[],
  nowMs: number,
): SwrError {
  const body = readHuaweiError(tryDecodeBody(response.text));
  const kind = responseKind(response.status, body.code, operation);
  const detail = body.message
    ? redactSecrets(body.message, secrets).slice(0, 300)
    : bodySnippet(response.text, secrets);
  return new SwrError(kind, {
    status: response.status,
    code: body.code,
    requestId: body.requestId ?? response.headers['x-request-id'],
    retryAfterSeconds: retryAfterSeconds(response.headers['retry-after'], nowMs),
    detail,
  });
}

/** Seconds from a `Retry-After` header (delta-seconds or an HTTP-date), or `undefined` when absent or unreadable. */
export function retryAfterSeconds(header: string | undefined, nowMs: number): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - nowMs) / 1000));
}

function isDict(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number') return String(value);
  return undefined;
}

function compact(body: HuaweiErrorBody): HuaweiErrorBody {
  const out: HuaweiErrorBody = {};
  if (body.code) out.code = body.code;
  if (body.message) out.message = body.message;
  if (body.requestId) out.requestId = body.requestId;
  return out;
}
