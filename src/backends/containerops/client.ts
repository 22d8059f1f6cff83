/**
 * The ContainerOps backend: the SWR pipeline API behind the domain's `PipelineBackend`, in thin layers — request
 * building and validation here → authentication (../huawei/auth/) → transport with retries (../huawei/http.ts) →
 * error mapping (./error-table.ts) → parsing (./parse.ts) → the domain model (./map.ts). Every failure leaves as
 * a `BackendError`; one log line per call, without headers or tokens. What is cached is the mapped model only.
 */
import type { BackendInfo, CallOutcome, PipelineBackend, ReviewRequest } from '../../domain/backend.js';
import { BackendError } from '../../domain/backend-error.js';
import type { PipelineMatches, PipelineRun } from '../../domain/pipeline.js';
import type { PipelineId } from '../../domain/pipeline-id.js';
import { type Logger, silentLogger } from '../../log.js';
import { huaweiEncode } from '../huawei/auth/aksk-signer.js';
import type { Authenticator } from '../huawei/auth/authenticator.js';
import { authorizedCall } from '../huawei/authorized-call.js';
import { decodeBody } from '../huawei/body.js';
import { type HuaweiConnectionOptions, openHuaweiConnection } from '../huawei/connection.js';
import type { HttpResponse } from '../huawei/http.js';
import { createSingleFlightCache } from '../huawei/single-flight-cache.js';
import type { ListQuery, Pipeline } from './api-types.js';
import { type ContainerOpsOperation, kindOfOperation } from './error-table.js';
import { containerOpsIds } from './ids.js';
import { stageIndexOfRef, toListing, toPipelineRun } from './map.js';
import { parsePipeline } from './parse.js';

export { DEFAULT_USER_AGENT } from '../huawei/connection.js';

export interface ContainerOpsClientOptions extends Omit<HuaweiConnectionOptions, 'logger' | 'now'> {
  /** Base URL without a path, e.g. `https://swr-api.cn-north-4.myhuaweicloud.com`. */
  endpoint: string;
  /** How long a successful answer is reused; default 2 000, `0` for none. */
  cacheMs?: number;
  logger?: Logger;
  /** Wall clock, for caches, token expiry and `Retry-After` dates; default `Date.now`. */
  now?: () => number;
  /** `SWR_CONSOLE_URL_TEMPLATE`: the console link of each pipeline (`{id}`), and a link shape ids are found in. */
  consoleUrlTemplate?: string | null;
  /** `true` when the built-in simulator serves it. */
  simulated?: boolean;
}

const PIPELINES_PATH = '/v3/manage/pipelines';

/** Creates the backend for one endpoint and one way to authenticate. Nothing is sent until the first call. */
export function createContainerOpsClient(options: ContainerOpsClientOptions): PipelineBackend {
  const endpoint = checkedEndpoint(options.endpoint);
  const now = options.now ?? Date.now;
  const logger = options.logger ?? silentLogger;
  const consoleUrlTemplate = options.consoleUrlTemplate ?? null;
  const ids = containerOpsIds(consoleUrlTemplate);
  const info: BackendInfo = { kind: 'containerops', simulated: options.simulated === true };
  const cacheOptions = { ttlMs: options.cacheMs ?? 2_000, now };
  const runs = createSingleFlightCache<PipelineRun>(cacheOptions);
  const searches = createSingleFlightCache<PipelineMatches>(cacheOptions);
  let outcome: CallOutcome | null = null;
  const connection = openHuaweiConnection({ ...options, logger, now });
  const { transport, bot: authenticator, headers: baseHeaders } = connection;

  interface Call<T> {
    method: 'GET' | 'PUT';
    operation: ContainerOpsOperation;
    path: string;
    body?: string;
    as: Authenticator;
    /** Safe to send again after a network error, 5xx or 429 (reads); a review is sent once. */
    retry: boolean;
    read: (response: HttpResponse) => T;
  }

  /** One call to SWR (../huawei/authorized-call.ts) with its log line and outcome. */
  function call<T>(c: Call<T>): Promise<T> {
    const request = {
      method: c.method,
      url: `${endpoint}${c.path}`,
      headers: baseHeaders,
      as: c.as,
      kindOf: kindOfOperation(c.operation),
      retry: c.retry,
      ...(c.body === undefined ? {} : { body: c.body }),
    };
    return authorizedCall(transport, request, c.read, ({ status, attempts, durationMs, error }) => {
      // A person's review says nothing about whether the bot's own reads work.
      if (c.as === authenticator)
        outcome = { ok: error === null, kind: error?.kind ?? null, at: new Date(now()), durationMs };
      const fields = { method: c.method, path: c.path.split('?')[0], status, ms: durationMs, attempts };
      if (error === null) logger.debug('swr call', fields);
      else
        logger.info('swr call failed', { ...fields, kind: error.kind, code: error.code, requestId: error.requestId });
    });
  }

  const decode = (response: HttpResponse): unknown =>
    decodeBody(response.text, response.status, response.headers['content-type']);

  const readRun = (response: HttpResponse): PipelineRun =>
    toPipelineRun(parsePipeline(decode(response)), consoleUrlTemplate);

  const readMatches = (response: HttpResponse): PipelineMatches => {
    const body = decode(response);
    // Go writes an empty list as `null`.
    if (body !== null && !Array.isArray(body)) {
      throw new BackendError('invalid_response', { status: response.status, detail: 'expected a list of pipelines' });
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
    return { items: items.map(toListing), total: range?.total ?? null };
  };

  const pipelinePath = (id: PipelineId): string => {
    const digits = ids.parse(id);
    if (digits === null) throw new BackendError('invalid_id');
    return `${PIPELINES_PATH}/${digits}`;
  };

  return {
    info,
    ids,
    // `async` so that a bad argument rejects like any other failure instead of throwing synchronously.
    async getRun(id) {
      const path = pipelinePath(id);
      return runs.get(path, () =>
        call({ method: 'GET', operation: 'get', path, as: authenticator, retry: true, read: readRun }),
      );
    },
    async searchByName(name, limit) {
      const path = listPath({ name, limit, offset: 0 });
      return searches.get(path, () =>
        call({ method: 'GET', operation: 'list', path, as: authenticator, retry: true, read: readMatches }),
      );
    },
    async review(request: ReviewRequest) {
      const index = stageIndexOfRef(request.ref);
      if (index === null) throw new BackendError('bad_request', { detail: 'not a review of this backend' });
      const path = `${pipelinePath(request.pipelineId)}/stages/${index}/start_info`;
      try {
        await connection.actingAs(request.as, (as) =>
          call({
            method: 'PUT',
            operation: 'review',
            path,
            body: JSON.stringify({ mode: 'review', review_result: request.decision }),
            as,
            retry: false,
            read: () => undefined,
          }),
        );
      } finally {
        // The next look must show the review as SWR now has it.
        runs.forget(pipelinePath(request.pipelineId));
      }
    },
    lastOutcome: () => outcome,
  };
}

/** The list call's path for `query` (`filter=name::…|group_id::…` with `|` encoded, `limit`, `offset`). */
export function listPath(query: ListQuery): string {
  const filter: string[] = [];
  const name = query.name?.trim();
  if (name) filter.push(`name::${name}`);
  if (query.groupId !== undefined) filter.push(`group_id::${checkedCount(query.groupId, 'groupId')}`);
  const params: string[] = [];
  if (filter.length > 0) params.push(`filter=${huaweiEncode(filter.join('|'))}`);
  if (query.limit !== undefined) params.push(`limit=${checkedCount(query.limit, 'limit')}`);
  if (query.offset !== undefined) params.push(`offset=${checkedCount(query.offset, 'offset')}`);
  return params.length > 0 ? `${PIPELINES_PATH}?${params.join('&')}` : PIPELINES_PATH;
}

function checkedCount(value: number, name: string): number {
  if (Number.isSafeInteger(value) && value >= 0) return value;
  throw new BackendError('bad_request', { detail: `${name} must be a whole number ≥ 0` });
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
