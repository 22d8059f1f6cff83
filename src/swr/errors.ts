/**
 * The one error type the SWR client throws. Listeners and the poller look at `kind`, never at HTTP statuses.
 * `message` is short and safe to show a Slack user: it never holds a token, password, key or raw body.
 */

export const SWR_ERROR_KINDS = [
  'invalid_id',
  'not_found',
  'unauthorized',
  'forbidden',
  'bad_request',
  'rate_limited',
  'upstream',
  'timeout',
  'network',
  'invalid_response',
  'unavailable',
] as const;

export type SwrErrorKind = (typeof SWR_ERROR_KINDS)[number];

export interface SwrErrorDetails {
  /** HTTP status, when the server answered. */
  status?: number | undefined;
  /** Huawei's error code (`SVCSTG.SWR.4040162`, `APIGW.0301`, IAM's numeric code as a string). */
  code?: string | undefined;
  /** Huawei's request id, for support tickets. */
  requestId?: string | undefined;
  /** Seconds to wait, from `Retry-After`. */
  retryAfterSeconds?: number | undefined;
  /** Redacted server message or the first characters of a body; for logs, not for users. */
  detail?: string | undefined;
  cause?: unknown;
}

/** The default user-facing sentence of each kind. */
export const SWR_ERROR_MESSAGES: Record<SwrErrorKind, string> = {
  invalid_id: 'A pipeline id is a number, like 29476.',
  not_found: 'No such pipeline, or the bot’s account cannot see it.',
  unauthorized: 'SWR rejected the bot’s credentials: check its token, password or access keys.',
  forbidden: 'The bot’s account is not allowed to read this pipeline.',
  bad_request: 'SWR refused the request as malformed.',
  rate_limited: 'SWR is rate-limiting the bot: try again in a moment.',
  upstream: 'SWR had an internal error: try again in a moment.',
  timeout: 'SWR did not answer in time: try again in a moment.',
  network: 'Could not reach SWR: check the endpoint, or try again in a moment.',
  invalid_response: 'SWR sent an answer the bot could not read.',
  unavailable: 'The pipeline feature is not available to this account or region.',
};

export class SwrError extends Error {
  override readonly name = 'SwrError';
  readonly kind: SwrErrorKind;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly requestId: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly detail: string | undefined;

  constructor(kind: SwrErrorKind, details: SwrErrorDetails = {}, message: string = SWR_ERROR_MESSAGES[kind]) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.status = details.status;
    this.code = details.code;
    this.requestId = details.requestId;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.detail = details.detail;
  }

  /** A log-safe summary (no cause chain, which may hold request config). */
  toJSON(): Record<string, unknown> {
    return {
      kind: this.kind,
      message: this.message,
      status: this.status,
      code: this.code,
      requestId: this.requestId,
      retryAfterSeconds: this.retryAfterSeconds,
      detail: this.detail,
    };
  }
}

export function isSwrError(value: unknown): value is SwrError {
  return value instanceof SwrError;
}
