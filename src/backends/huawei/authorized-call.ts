/**
 * One authenticated call on the shared transport, for every backend: sign or add the token (../auth/), send with the
 * transport's retries, try once more with a fresh IAM token after a 401 the authenticator can renew, read the answer,
 * and report how it ended (the caller logs it and keeps `/healthz`'s outcome). Every failure is a `BackendError`.
 */
import { BackendError } from '../../domain/backend-error.js';
import type { Authenticator } from './auth/authenticator.js';
import type { KindOf } from './error-mapping.js';
import type { HttpRequest, HttpResponse, HttpTransport } from './http.js';

export interface AuthorizedRequest {
  method: HttpRequest['method'];
  url: string;
  /** Headers before authentication. */
  headers: Readonly<Record<string, string>>;
  /** The serialised body; absent: none is sent (an empty one is signed). */
  body?: string;
  as: Authenticator;
  kindOf: KindOf;
  /** Safe to send again after a network error, 5xx or 429. */
  retry: boolean;
  /** Largest answer accepted, where it differs from the transport's. */
  maxBytes?: number;
}

/** How a call ended, for its log line and the backend's last outcome. */
export interface CallEnd {
  status: number | undefined;
  attempts: number;
  durationMs: number;
  error: BackendError | null;
}

/** Sends `request`, reads its answer with `read`; `end` hears how it went, success or failure, once. */
export async function authorizedCall<T>(
  transport: HttpTransport,
  request: AuthorizedRequest,
  read: (response: HttpResponse) => T,
  end: (call: CallEnd) => void,
): Promise<T> {
  const { as, body } = request;
  const started = performance.now();
  let attempts = 0;
  const ended = (status: number | undefined, error: BackendError | null): void =>
    end({ status, attempts, durationMs: Math.round(performance.now() - started), error });
  const send = async () => {
    const base = { method: request.method, url: request.url, headers: request.headers, body: body ?? '' };
    // Not `{ ...a, ...b }` nor `{ ...a, key }`: on Node 20 (V8 11.3) an object literal that opens with a spread
    // and then adds a key the spread did not have gets a hidden class of its own, made in the old generation
    // (~150–250 bytes a call, freed only by a full collection). `Object.assign({}, …)`, and literals whose
    // conditional spreads come after keys of their own, share theirs.
    const headers: Record<string, string> = Object.assign({}, request.headers, await as.authorize(base));
    const sent = {
      method: request.method,
      url: request.url,
      headers,
      kindOf: request.kindOf,
      retry: request.retry,
      ...(request.maxBytes === undefined ? {} : { maxBytes: request.maxBytes }),
      ...(body === undefined ? {} : { body }),
    };
    const result = await transport.send(sent);
    attempts += result.attempts;
    return { result, headers };
  };
  try {
    let { result, headers } = await send();
    if (!result.ok && result.error.status === 401 && as.renewAfterRejection(headers)) {
      ({ result } = await send());
    }
    if (!result.ok) throw result.error;
    const value = withStatus(result.response.status, () => read(result.response));
    ended(result.response.status, null);
    return value;
  } catch (error) {
    const failure = asBackendError(error);
    ended(failure.status, failure);
    throw failure;
  }
}

/** Runs `read`; a `BackendError` without a status gets `status` (the mapping's refusals know none). */
function withStatus<T>(status: number, read: () => T): T {
  try {
    return read();
  } catch (error) {
    const failure = asBackendError(error);
    if (failure.status !== undefined) throw failure;
    const { kind, code, requestId, detail, message } = failure;
    throw new BackendError(kind, { status, code, requestId, detail }, message);
  }
}

/** Any failure as a `BackendError` (only a bug in a backend gets here otherwise; its message holds no request). */
function asBackendError(error: unknown): BackendError {
  if (error instanceof BackendError) return error;
  return new BackendError('invalid_response', {
    detail: error instanceof Error ? error.message.slice(0, 300) : undefined,
  });
}
