/**
 * The SWR pipeline client, in thin layers: request building and validation here → authentication
 * (./auth/authenticator.ts) → transport with retries (./http.ts) → error mapping (./error-mapping.ts) → parsing
 * (./parse.ts). Every failure leaves as a `SwrError`; one log line per SWR call, without headers or tokens.
 */
import { type Logger, silentLogger } from '../log.js';
import { huaweiEncode } from './auth/aksk-signer.js';
import { createAuthenticator, type SwrClientAuth } from './auth/authenticator.js';
import { decodeBody } from './body.js';
import type { SwrOperation } from './error-mapping.js';
import { SwrError } from './errors.js';
import { createHttpTransport, type HttpResponse } from './http.js';
import { parsePipeline } from './parse.js';
import { createSingleFlightCache } from './single-flight-cache.js';
import type { ListQuery, Pipeline, PipelineList, PipelineSource, SwrOutcome } from './types.js';

/** Sent as `User-Agent` unless `userAgent` is given (keep in step with package.json). */
export const DEFAULT_USER_AGENT = 'swr-pipeline-bot/0.1.0';

export interface SwrClientOptions {
  /** Base URL without a path, e.g. `https://swr-api.cn-north-4.myhuaweicloud.com`. */
  endpoint: string;
  auth: SwrClientAuth;
  /** Per attempt; default 10 000. */
  timeoutMs?: number;
  /** Extra attempts of a GET after a network error, 5xx or 429; default 2. */
  retries?: number;
  /** How long a successful answer is reused; default 2 000, `0` for none. */
  cacheMs?: number;
  logger?: Logger;
  userAgent?: string;
  /** First backoff step (doubled each retry, plus up to 20 % jitter); default 250. */
  retryBaseDelayMs?: number;
  /** A longer `Retry-After` fails at once with `rate_limited` (a Slack user is waiting); default 5 000. */
  maxRetryAfterMs?: number;
  /** Wall clock, for caches, token expiry and `Retry-After` dates; default `Date.now`. */
  now?: () => number;
}

const PIPELINES_PATH = '/v3/manage/pipelines';
const ID_PATTERN = /^\d{1,18}$/;

/** Creates a client for one endpoint and one way to authenticate. Nothing is sent until the first call. */
export function createSwrClient(options: SwrClientOptions): PipelineSource {
  const endpoint = checkedEndpoint(options.endpoint);
  const now = options.now ?? Date.now;
  const logger = options.logger ?? silentLogger;
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  const cacheOptions = { ttlMs: options.cacheMs ?? 2_000, now };
  const pipelines = createSingleFlightCache<Pipeline>(cacheOptions);
  const lists = createSingleFlightCache<PipelineList>(cacheOptions);
  let outcome: SwrOutcome | null = null;

  const transport = createHttpTransport({
    timeoutMs: options.timeoutMs ?? 10_000,
    retries: options.retries ?? 2,
    retryBaseDelayMs: options.retryBaseDelayMs ?? 250,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 5_000,
    now,
    secrets: () => authenticator.secrets(),
  });
  const authenticator = createAuthenticator(options.auth, { transport, userAgent, now, logger });
  const baseHeaders = {
    Accept: 'application/json',
    'Content-Type': 'application/json;charset=utf8',
    'User-Agent': userAgent,
  };

  /** One GET to SWR with its log line and outcome; on a 401 with a renewable IAM token, one fresh try. */
  async function fetchSwr<T>(operation: SwrOperation, path: string, read: (response: HttpResponse) => T): Promise<T> {
    const url = `${endpoint}${path}`;
    const started = performance.now();
    let attempts = 0;
    const send = async () => {
      const headers = {
        ...baseHeaders,
        ...(await authenticator.authorize({ method: 'GET', url, headers: baseHeaders, body: '' })),
      };
      const result = await transport.send({ method: 'GET', url, headers, operation });
      attempts += result.attempts;
      return { result, headers };
    };
    try {
      let { result, headers } = await send();
      if (!result.ok && result.error.status === 401 && authenticator.renewAfterRejection(headers)) {
        ({ result } = await send());
      }
      if (!result.ok) throw result.error;
      const value = read(result.response);
      finish(path, started, attempts, result.response.status, null);
      return value;
    } catch (error) {
      const failure = asSwrError(error);
      finish(path, started, attempts, failure.status, failure);
      throw failure;
    }
  }

  function finish(path: string, started: number, attempts: number, status: number | undefined, error: SwrError | null) {
    const durationMs = Math.round(performance.now() - started);
    outcome = { ok: error === null, kind: error?.kind ?? null, at: new Date(now()), durationMs };
    const fields = { method: 'GET', path, status, ms: durationMs, attempts };
    if (error === null) logger.debug('swr call', fields);
    else logger.info('swr call failed', { ...fields, kind: error.kind, code: error.code, requestId: error.requestId });
  }

  const readPipeline = (response: HttpResponse): Pipeline =>
    withStatus(response.status, () =>
      parsePipeline(decodeBody(response.text, response.status, authenticator.secrets())),
    );

  const readList =
    (offset: number) =>
    (response: HttpResponse): PipelineList =>
      withStatus(response.status, () => {
        const body = decodeBody(response.text, response.status, authenticator.secrets());
        // Go writes an empty list as `null`.
        if (body !== null && !Array.isArray(body)) {
          throw new SwrError('invalid_response', { status: response.status, detail: 'expected a list of pipelines' });
        }
        const items: Pipeline[] = [];
        let skipped = 0;
        for (const raw of body ?? []) {
          try {
            items.push(parsePipeline(raw));
          } catch {
            skipped += 1;
          }
        }
        if (skipped > 0) logger.warn('swr list: skipped entries that are not pipelines', { skipped });
        const range = parseContentRange(response.headers['content-range']);
        return { items, total: range?.total ?? null, offset: range?.offset ?? offset };
      });

  return {
    // `async` so that a bad argument rejects like any other failure instead of throwing synchronously.
    async getPipeline(id) {
      const digits = checkedId(id);
      const path = `${PIPELINES_PATH}/${digits}`;
      return pipelines.get(path, () => fetchSwr('get', path, readPipeline));
    },
    async listPipelines(query) {
      const { path, offset } = listPath(query);
      return lists.get(path, () => fetchSwr('list', path, readList(offset)));
    },
    lastOutcome: () => outcome,
  };
}

/** The id as digits (leading zeros dropped), or `SwrError('invalid_id')` before any request. */
function checkedId(id: string | number): string {
  const text = typeof id === 'number' ? (Number.isSafeInteger(id) ? String(id) : '') : String(id).trim();
  if (!ID_PATTERN.test(text)) throw new SwrError('invalid_id');
  return text.replace(/^0+(?=\d)/, '');
}

function listPath(query: ListQuery): { path: string; offset: number } {
  const filter: string[] = [];
  const name = query.name?.trim();
  if (name) filter.push(`name::${name}`);
  if (query.groupId !== undefined) filter.push(`group_id::${checkedCount(query.groupId, 'groupId')}`);
  const params: string[] = [];
  if (filter.length > 0) params.push(`filter=${huaweiEncode(filter.join('|'))}`);
  if (query.limit !== undefined) params.push(`limit=${checkedCount(query.limit, 'limit')}`);
  if (query.offset !== undefined) params.push(`offset=${checkedCount(query.offset, 'offset')}`);
  return {
    path: params.length > 0 ? `${PIPELINES_PATH}?${params.join('&')}` : PIPELINES_PATH,
    offset: query.offset ?? 0,
  };
}

function checkedCount(value: number, name: string): number {
  if (Number.isSafeInteger(value) && value >= 0) return value;
  throw new SwrError('bad_request', { detail: `${name} must be a whole number ≥ 0` });
}

/** `Content-Range: 12-6/208` (offset 12, 6 items, 208 in all); a leading unit (`items 12-6/208`) is tolerated. */
export function parseContentRange(header: string | undefined): { offset: number; total: number } | null {
  const match = /^(?:[a-z]+\s+)?(\d+)-(\d+)\/(\d+)$/i.exec(header?.trim() ?? '');
  return match ? { offset: Number(match[1]), total: Number(match[3]) } : null;
}

function checkedEndpoint(endpoint: string): string {
  const trimmed = endpoint.trim().replace(/\/+$/, '');
  if (!/^https?:\/\/[^/?#]+$/i.test(trimmed)) {
    throw new TypeError(`SWR endpoint must be an http(s) base URL without a path (got "${trimmed}")`);
  }
  return trimmed;
}

function withStatus<T>(status: number, read: () => T): T {
  try {
    return read();
  } catch (error) {
    const failure = asSwrError(error);
    if (failure.status !== undefined) throw failure;
    const { kind, code, requestId, detail, message } = failure;
    throw new SwrError(kind, { status, code, requestId, detail }, message);
  }
}

function asSwrError(error: unknown): SwrError {
  if (error instanceof SwrError) return error;
  // Only a bug in this module gets here; its message holds no request data.
  return new SwrError('invalid_response', { detail: error instanceof Error ? error.message.slice(0, 300) : undefined });
}
