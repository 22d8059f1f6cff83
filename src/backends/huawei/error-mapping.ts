/**
 * From an HTTP failure to a `BackendError`, for every Huawei API: the three documented error-body shapes, the
 * `Retry-After` header, failures without an answer, and the rule tables each API writes its mapping in (the first
 * row that matches wins), so a mapping is written down once, as data, and tested against it.
 */
import { BackendError, type BackendErrorKind } from '../../domain/backend-error.js';
import { describeBody, tryDecodeBody } from './body.js';
import { redactSecrets } from './redact.js';

/** One row of a mapping table. */
export interface ResponseKindRule<Operation extends string = string> {
  /** An exact HTTP status, or a class. */
  status: number | '2xx' | '3xx' | '4xx' | '5xx';
  /** Error codes this row is limited to. */
  codes?: readonly string[];
  /** Calls this row is limited to. */
  operations?: readonly Operation[];
  kind: BackendErrorKind;
  why: string;
}

/** How one request's error answers are read: its error kind for an HTTP status and the body's error code. */
export type KindOf = (status: number, code: string | undefined) => BackendErrorKind;

/** The kind of an HTTP error answer by `rules` (`upstream` when no row matches). */
export function responseKind<Operation extends string>(
  rules: readonly ResponseKindRule<Operation>[],
  status: number,
  code: string | undefined,
  operation: Operation,
): BackendErrorKind {
  for (const rule of rules) {
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

/** Kinds worth another attempt of a GET (with backoff): the server may answer differently in a moment. */
export const RETRYABLE_KINDS: readonly BackendErrorKind[] = ['network', 'upstream', 'rate_limited'];

/** Error codes (axios' `ECONNABORTED`, Node's `ETIMEDOUT`) that mean "no answer in time". */
const TIMEOUT_CODES = ['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT'];

/**
 * The kind of a failure with no whole HTTP answer (from its Node or axios error code): a timeout (no answer
 * within the timeout, or a server that never answers) → `timeout`; refused, reset, DNS or TLS failures →
 * `network`; a body cut off or too large → `invalid_response`.
 */
export function transportKind(errorCode: string | undefined): BackendErrorKind {
  if (errorCode !== undefined && TIMEOUT_CODES.includes(errorCode)) return 'timeout';
  return errorCode === 'ERR_BAD_RESPONSE' ? 'invalid_response' : 'network';
}

/** What an error body says, whichever of the documented shapes it has. */
export interface HuaweiErrorBody {
  code?: string;
  message?: string;
  requestId?: string;
}

/**
 * Reads an error body: SWR `[{errorCode, errorMessage, detail}]` (or one such object), API gateway and CodeArts
 * `{error_code, error_msg, request_id}`, IAM and CodeArts `{error: {code, message, title}}`.
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

/** Builds the `BackendError` for an HTTP error answer; `detail` is redacted and short. */
export function errorFromResponse(
  response: FailedResponse,
  kindOf: KindOf,
  secrets: readonly string[],
  nowMs: number,
): BackendError {
  const body = readHuaweiError(tryDecodeBody(response.text));
  const kind = kindOf(response.status, body.code);
  const detail = body.message
    ? redactSecrets(body.message, secrets).slice(0, 300)
    : describeBody(response.text, response.headers['content-type']);
  return new BackendError(kind, {
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
