/**
 * The one error type a pipeline backend throws. Listeners and the poller look at `kind`, never at HTTP statuses;
 * `service` names the API in the words a person knows ("SWR", "CodeArts"). `message` is short and safe to log: it
 * never holds a token, password, key or response body. What a person reads is worded per kind by the renderer.
 */

export const BACKEND_ERROR_KINDS = [
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
  'too_large',
  'unavailable',
] as const;

export type BackendErrorKind = (typeof BACKEND_ERROR_KINDS)[number];

export interface BackendErrorDetails {
  /** HTTP status, when the server answered. */
  status?: number | undefined;
  /** The API's error code (`SVCSTG.SWR.4040162`, `APIGW.0301`, `DEVPIPE.00011169`, …). */
  code?: string | undefined;
  /** The API's request id, for support tickets. */
  requestId?: string | undefined;
  /** Seconds to wait, from `Retry-After`. */
  retryAfterSeconds?: number | undefined;
  /** Redacted server message or what a body looked like; for logs, never for users. */
  detail?: string | undefined;
  cause?: unknown;
}

/** The default sentence of each kind (for logs and tools; Slack users get the renderer's worded message). */
export const BACKEND_ERROR_MESSAGES: Record<BackendErrorKind, string> = {
  invalid_id: 'That is not a pipeline id.',
  not_found: 'No such pipeline, or the bot’s account cannot see it.',
  unauthorized: 'The API rejected the bot’s credentials: check its token, password or access keys.',
  forbidden: 'The bot’s account is not allowed to read this pipeline.',
  bad_request: 'The API refused the request as malformed.',
  rate_limited: 'The API is rate-limiting the bot: try again in a moment.',
  upstream: 'The API had an internal error: try again in a moment.',
  timeout: 'The API did not answer in time: try again in a moment.',
  network: 'Could not reach the API: check the endpoint, or try again in a moment.',
  invalid_response: 'The API sent an answer the bot could not read.',
  too_large: 'The API sent an answer too large for the bot to read.',
  unavailable: 'The pipeline feature is not available to this account or region.',
};

export class BackendError extends Error {
  override readonly name = 'BackendError';
  readonly kind: BackendErrorKind;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly requestId: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly detail: string | undefined;

  constructor(
    kind: BackendErrorKind,
    details: BackendErrorDetails = {},
    message: string = BACKEND_ERROR_MESSAGES[kind],
  ) {
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

export function isBackendError(value: unknown): value is BackendError {
  return value instanceof BackendError;
}
