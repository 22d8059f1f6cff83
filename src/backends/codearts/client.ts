/**
 * The CodeArts Pipeline backend: the v5 API behind the domain's `PipelineBackend`, on the shared Huawei layers —
 * authentication (token, IAM password, AK/SK with `X-Project-Id`), the transport with retries, the CodeArts error
 * table — through one `call` (./call.ts). Reads are the bot's: run detail (latest or by run number, the runs list
 * when the API will not take a number), the name search and the batch status are POSTs safe to retry. A review acts
 * with the person's own credential, is sent once, and drops the cached run. A log tail is bounded and masked. What
 * is cached is the mapped model only, shortly, and concurrent reads of one key share one request.
 */
import type { BackendInfo, PipelineBackend, ReviewRequest } from '../../domain/backend.js';
import { BackendError } from '../../domain/backend-error.js';
import type { RunDigest } from '../../domain/digest.js';
import type { PipelineMatches, PipelineRun } from '../../domain/pipeline.js';
import type { PipelineId } from '../../domain/pipeline-id.js';
import { type Logger, silentLogger } from '../../log.js';
import { type HuaweiConnectionOptions, openHuaweiConnection } from '../huawei/connection.js';
import { createSingleFlightCache } from '../huawei/single-flight-cache.js';
import { createCodeArtsCaller } from './call.js';
import { reviewAnswerError } from './errors.js';
import { codeArtsIds } from './ids.js';
import { codeArtsInfo } from './info.js';
import { LOG_TAIL_LIMITS, readLogTail } from './log-tail.js';
import { mapRunDetail } from './map.js';
import { mapLatestStatuses, mapLogPage, mapPipelineList, mapRunList } from './map-lists.js';
import { codeArtsPaths, isCodeArtsProjectId, listBody, logBody } from './paths.js';
import { decodeRef, isSafeId } from './refs.js';

/** How far back a run number is looked for in the runs list when the detail call will not take it. */
export const RUN_NUMBER_SEARCH = { pageSize: 50, maxPages: 4 } as const;

/** Most pipeline ids one batch status call carries (the simulator refuses more; the API documents no limit). */
export const STATUS_BATCH = 100;

/** How the client is configured. */
export interface CodeArtsClientOptions extends Omit<HuaweiConnectionOptions, 'logger' | 'now'> {
  /** Base URL without a path: `https://cloudpipeline-ext.{region}.myhuaweicloud.com`, or the simulator's. */
  endpoint: string;
  /** The CodeArts project id (32 letters and digits) in every path: not the IAM project. */
  projectId: string;
  /** How long a mapped run or search is reused; default 2 000, `0` for none. */
  cacheMs?: number;
  logger?: Logger;
  /** Wall clock, for caches, token expiry, AK/SK dates and `Retry-After`; default `Date.now`. */
  now?: () => number;
  /** `true` when the built-in simulator serves it (every card then says so). */
  simulated?: boolean;
}

/** Creates the backend for one endpoint, one CodeArts project and one way to authenticate; nothing is sent yet. */
export function createCodeArtsClient(options: CodeArtsClientOptions): PipelineBackend {
  const endpoint = checkedEndpoint(options.endpoint, options.simulated === true);
  if (!isCodeArtsProjectId(options.projectId)) {
    throw new TypeError('the CodeArts project id must be 32 letters and digits (CODEARTS_PROJECT_ID)');
  }
  const projectId = options.projectId;
  const now = options.now ?? Date.now;
  const logger = options.logger ?? silentLogger;
  const info: BackendInfo = codeArtsInfo(options.simulated === true);
  const cacheOptions = { ttlMs: options.cacheMs ?? 2_000, now };
  const runs = createSingleFlightCache<PipelineRun>(cacheOptions);
  const searches = createSingleFlightCache<PipelineMatches>(cacheOptions);
  const connection = openHuaweiConnection({ ...options, logger, now });
  const { transport, bot, headers, secrets } = connection;
  const caller = createCodeArtsCaller({ endpoint, transport, bot, secrets, headers, logger, now });

  const pipelineId = (id: PipelineId): PipelineId => {
    const parsed = codeArtsIds.parse(id);
    if (parsed === null) throw new BackendError('invalid_id');
    return parsed;
  };

  const detail = (id: PipelineId, which: { runId?: string; runNumber?: number }) =>
    caller.call({
      method: 'GET',
      operation: 'detail',
      path: codeArtsPaths.detail(projectId, id, which),
      as: bot,
      retry: true,
      answer: 'run detail',
      read: (answer) => mapRunDetail(answer, id),
    });

  /** The run numbered `runNumber`, found in the runs list (newest first), then read by its id. */
  async function runByListing(id: PipelineId, runNumber: number): Promise<PipelineRun> {
    const { pageSize, maxPages } = RUN_NUMBER_SEARCH;
    for (let page = 0; page < maxPages; page += 1) {
      const { items } = await caller.call({
        method: 'POST',
        operation: 'runs',
        path: codeArtsPaths.runs(projectId, id),
        body: { offset: page * pageSize, limit: pageSize, sort_key: 'start_time', sort_dir: 'desc' },
        as: bot,
        retry: true,
        answer: 'run list',
        read: mapRunList,
      });
      const found = items.find((run) => run.number === runNumber);
      if (found && isSafeId(found.runId)) return detail(id, { runId: found.runId });
      if (items.length < pageSize || items.some((run) => run.number !== null && run.number < runNumber)) break;
    }
    throw new BackendError('not_found', { detail: `no run #${runNumber} among the pipeline's recent runs` });
  }

  async function runNumbered(id: PipelineId, runNumber: number): Promise<PipelineRun> {
    if (!Number.isSafeInteger(runNumber) || runNumber < 1) {
      throw new BackendError('bad_request', { detail: 'a run number is a whole number ≥ 1' });
    }
    try {
      const run = await detail(id, { runNumber });
      // An API that does not know `pipeline_run_number` ignores it and answers the latest run.
      if (run.run.number === runNumber) return run;
      logger.debug('codearts: the detail call ignored the run number; looking in the runs list', { runNumber });
    } catch (error) {
      if (!(error instanceof BackendError) || error.kind !== 'bad_request') throw error;
      logger.debug('codearts: the detail call refused the run number; looking in the runs list', { runNumber });
    }
    return runByListing(id, runNumber);
  }

  const runKey = (id: PipelineId, runNumber: number | undefined) =>
    runNumber === undefined ? id : `${id}#${runNumber}`;

  return {
    info,
    ids: codeArtsIds,
    // `async` so that a bad argument rejects like any other failure instead of throwing synchronously.
    async getRun(rawId, getOptions) {
      const id = pipelineId(rawId);
      const runNumber = getOptions?.runNumber;
      return runs.get(runKey(id, runNumber), () =>
        runNumber === undefined ? detail(id, {}) : runNumbered(id, runNumber),
      );
    },
    async searchByName(name, limit) {
      const size = Math.min(100, Math.max(1, Math.floor(limit) || 1));
      const query = name.trim().slice(0, 200);
      return searches.get(`${size}:${query}`, () =>
        caller.call({
          method: 'POST',
          operation: 'list',
          path: codeArtsPaths.list(projectId),
          body: listBody(query, size),
          as: bot,
          retry: true,
          answer: 'pipeline list',
          read: mapPipelineList,
        }),
      );
    },
    async review(request: ReviewRequest) {
      const id = pipelineId(request.pipelineId);
      const address = decodeRef('review', request.ref);
      if (address === null) throw new BackendError('bad_request', { detail: 'not a review of this backend' });
      try {
        await connection.actingAs(request.as, (as) =>
          caller.call({
            method: 'POST',
            operation: 'review',
            path: codeArtsPaths.review(projectId, id, address, request.decision),
            as,
            retry: false,
            answer: 'review result',
            read: (answer, status) => {
              const refusal = reviewAnswerError(answer, status);
              if (refusal) throw refusal;
            },
          }),
        );
      } finally {
        // The next look must show the review as CodeArts now has it, whichever run number it was asked by.
        runs.forgetWhere((key) => key === id || key.startsWith(`${id}#`));
      }
    },
    async logTail(request) {
      const id = pipelineId(request.pipelineId);
      const address = decodeRef('log', request.ref);
      if (address === null) throw new BackendError('bad_request', { detail: 'not a log of this backend' });
      const path = codeArtsPaths.log(projectId, id, address);
      const page = (before: string | null) =>
        caller.call({
          method: 'POST',
          operation: 'log',
          path,
          body: logBody(LOG_TAIL_LIMITS.pageLimit, before),
          as: bot,
          retry: true,
          maxBytes: LOG_TAIL_LIMITS.maxPageBytes,
          answer: 'step log',
          read: mapLogPage,
        });
      return readLogTail(page, request.maxLines, secrets());
    },
    async latestStatuses(ids) {
      const wanted = [...new Set(ids.map((id) => codeArtsIds.parse(id)).filter((id) => id !== null))];
      const out = new Map<PipelineId, RunDigest>();
      for (let at = 0; at < wanted.length; at += STATUS_BATCH) {
        const batch = wanted.slice(at, at + STATUS_BATCH);
        const digests = await caller.call({
          method: 'POST',
          operation: 'status',
          path: codeArtsPaths.status(projectId),
          body: batch,
          as: bot,
          retry: true,
          answer: 'latest-status batch',
          read: mapLatestStatuses,
        });
        // Only what was asked: an answer naming another pipeline is not this call's to report.
        for (const id of batch) {
          const digest = digests.get(id);
          if (digest) out.set(id, digest);
        }
      }
      return out;
    },
    lastOutcome: () => caller.lastOutcome(),
  };
}

const LOOPBACK = /^http:\/\/(?:127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])(?::\d{1,5})?$/i;

/**
 * The endpoint without trailing slashes: an `https` base URL, or `http` only to this machine or for the simulator
 * (a token sent in clear to a remote host would be readable on the way).
 */
function checkedEndpoint(endpoint: string, simulated: boolean): string {
  const trimmed = endpoint.trim().replace(/\/+$/, '');
  const shaped = /^https?:\/\/[^/?#\s]+$/i.test(trimmed);
  const secure = /^https:\/\//i.test(trimmed) || LOOPBACK.test(trimmed) || simulated;
  if (!shaped || !secure) {
    throw new TypeError(`the CodeArts endpoint must be an https base URL without a path (got "${trimmed}")`);
  }
  return trimmed;
}
