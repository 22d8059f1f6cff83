/**
 * The transport every Huawei API client shares: one axios instance per client, with per-attempt timeouts and
 * `axios-retry` for the requests that say they are safe to repeat (`retry: true`: reads, whatever their method —
 * CodeArts reads lists, statuses and logs with POSTs). It returns the raw answer or a `BackendError`, its kind read by the request's
 * own `kindOf` (each API maps statuses and codes in its own table); axios errors (which carry the request config and its auth headers)
 * never leave this module, not even as a `cause`.
 */
import axios, { type AxiosError, type AxiosResponse } from 'axios';
import axiosRetry, { exponentialDelay, isNetworkError } from 'axios-retry';
import { BackendError } from '../../domain/backend-error.js';
import { tryDecodeBody } from './body.js';
import {
  errorFromResponse,
  type KindOf,
  RETRYABLE_KINDS,
  readHuaweiError,
  retryAfterSeconds,
  transportKind,
} from './error-mapping.js';
import { redactSecrets } from './redact.js';
import { createRequestSlots } from './request-slots.js';

/** One logical request (the transport may make several attempts of one marked `retry`). */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT';
  /** Absolute, already encoded. */
  url: string;
  headers: Readonly<Record<string, string>>;
  body?: string;
  /** How this call's error answers are read (see ./error-mapping.ts). */
  kindOf: KindOf;
  /**
   * `true` when sending it twice does no harm (a read), so a network error, 5xx or 429 may be retried; `false` for
   * anything that acts (a review, a login). Said by the caller, never guessed from the method.
   */
  retry: boolean;
  /** Largest body accepted for this request (at most the transport's `maxBodyBytes`); a larger one is `too_large`. */
  maxBytes?: number;
}

/** A 2xx answer; header names are lower-case. */
export interface HttpResponse {
  status: number;
  headers: Readonly<Record<string, string>>;
  text: string;
}

/** The answer or the failure, with how many attempts it took (for the log line). */
export type HttpResult =
  | { ok: true; response: HttpResponse; attempts: number }
  | { ok: false; error: BackendError; attempts: number };

/** How the transport is built; each limit absent takes its default (`DEFAULT_MAX_BODY_BYTES`, …). */
export interface HttpTransportOptions extends Partial<HuaweiLimits> {
  timeoutMs: number;
  retries: number;
  retryBaseDelayMs: number;
  maxRetryAfterMs: number;
  now: () => number;
  /** The secret values to remove from any error detail (read at failure time: IAM tokens change). */
  secrets: () => readonly string[];
}

/** What every Huawei API client of the bot is held to, whichever backend (`SWR_MAX_*`). */
export interface HuaweiLimits {
  /** `SWR_MAX_BODY_BYTES`: the largest answer read; the rest of a larger one is never read (`too_large`). */
  maxBodyBytes: number;
  /** `SWR_MAX_CONCURRENT_REQUESTS`: requests in flight at once; more wait their turn (first come, first served). */
  maxConcurrentRequests: number;
}

/** Sends requests; never throws, never returns axios objects. */
export interface HttpTransport {
  send(request: HttpRequest): Promise<HttpResult>;
}

/**
 * Far above any pipeline (a 200-stage one is ~0.5 MB of JSON) or list page; a 20 MB answer took minutes and
 * gigabytes of heap to parse, so the connection is dropped past this.
 */
export const DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024;

/** Requests in flight at once: enough for a watch cycle and a few people, far under the API's per-second limits. */
export const DEFAULT_MAX_CONCURRENT_REQUESTS = 8;

/** Creates the transport with its own axios instance (no shared defaults, no interceptors from elsewhere). */
export function createHttpTransport(options: HttpTransportOptions): HttpTransport {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  // Slots of its own: a backend client makes one transport, which its logins, reads and reviews all go through, so
  // they count together.
  const slots = createRequestSlots(options.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT_REQUESTS);
  // Each attempt (a retry too) holds a slot only while on the wire: never while it waits out a backoff, and the
  // per-attempt timeout starts once it has one, so a queue never turns into timeouts.
  const send = axios.getAdapter(axios.defaults.adapter);
  const instance = axios.create({
    timeout: options.timeoutMs,
    // A redirect would carry X-Auth-Token to wherever it points.
    maxRedirects: 0,
    responseType: 'text',
    transformRequest: [(data: unknown) => data],
    transformResponse: [(data: unknown) => data],
    maxContentLength: maxBodyBytes,
    validateStatus: (status) => status >= 200 && status < 300,
    adapter: (config) => slots.run(() => send(config)),
  });
  axiosRetry(instance, {
    retries: options.retries,
    // The timeout is per attempt: a slow first attempt must not starve the retry.
    shouldResetTimeout: true,
    retryDelay: (retryCount, error) => {
      const waitMs = retryAfterMs(error, options.now());
      return waitMs ?? exponentialDelay(retryCount, undefined, options.retryBaseDelayMs);
    },
  });

  const shouldRetry = (error: AxiosError, kindOf: KindOf): boolean => {
    // The same answer would be as large again.
    if (isTooLarge(error)) return false;
    if (!error.response) return isNetworkError(error);
    const waitMs = retryAfterMs(error, options.now());
    if (waitMs !== undefined && waitMs > options.maxRetryAfterMs) return false;
    const { status } = error.response;
    const code = readHuaweiError(tryDecodeBody(textOf(error.response))).code;
    return RETRYABLE_KINDS.includes(kindOf(status, code));
  };

  return {
    async send(request) {
      try {
        const response = await instance.request<string>({
          method: request.method,
          url: request.url,
          headers: { ...request.headers },
          data: request.body,
          maxContentLength: Math.min(request.maxBytes ?? maxBodyBytes, maxBodyBytes),
          'axios-retry': {
            retries: request.retry ? options.retries : 0,
            retryCondition: (error) => shouldRetry(error, request.kindOf),
          },
        });
        return {
          ok: true,
          response: { status: response.status, headers: plainHeaders(response.headers), text: textOf(response) },
          attempts: attemptsOf(response.config),
        };
      } catch (error) {
        const config = axios.isAxiosError(error) ? error.config : undefined;
        return { ok: false, error: toBackendError(error, request.kindOf, options), attempts: attemptsOf(config) };
      }
    },
  };
}

function toBackendError(error: unknown, kindOf: KindOf, options: HttpTransportOptions): BackendError {
  const secrets = options.secrets();
  if (error instanceof BackendError) return error;
  if (!axios.isAxiosError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return new BackendError('network', { detail: redactSecrets(message, secrets).slice(0, 300) });
  }
  if (isTooLarge(error)) {
    return new BackendError('too_large', {
      detail: `body over ${error.config?.maxContentLength} bytes: not read further`,
    });
  }
  const response = error.response;
  if (response && response.status >= 200 && response.status < 300) {
    // The status line arrived but the body did not finish (connection dropped, or too large).
    return new BackendError('invalid_response', {
      status: response.status,
      detail: redactSecrets(`body incomplete: ${error.message}`, secrets),
    });
  }
  if (response) {
    const failed = { status: response.status, headers: plainHeaders(response.headers), text: textOf(response) };
    return errorFromResponse(failed, kindOf, secrets, options.now());
  }
  return new BackendError(transportKind(error.code), {
    detail: redactSecrets(`${error.code ?? 'error'}: ${error.message}`, secrets).slice(0, 300),
  });
}

/** axios' own error when a body passes `maxContentLength` (it has destroyed the stream by then). */
function isTooLarge(error: AxiosError): boolean {
  return error.code === 'ERR_BAD_RESPONSE' && error.message.startsWith('maxContentLength');
}

function retryAfterMs(error: AxiosError | undefined, nowMs: number): number | undefined {
  const header = error?.response ? plainHeaders(error.response.headers)['retry-after'] : undefined;
  const seconds = retryAfterSeconds(header, nowMs);
  return seconds === undefined ? undefined : seconds * 1000;
}

function attemptsOf(config: { 'axios-retry'?: { retryCount?: number } } | undefined): number {
  return (config?.['axios-retry']?.retryCount ?? 0) + 1;
}

function textOf(response: AxiosResponse): string {
  return typeof response.data === 'string' ? response.data : '';
}

function plainHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof headers !== 'object' || headers === null) return out;
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string' || typeof value === 'number') out[name.toLowerCase()] = String(value);
    else if (Array.isArray(value)) out[name.toLowerCase()] = value.join(', ');
  }
  return out;
}
