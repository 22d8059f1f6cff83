/**
 * How a tick reads its pipelines where the backend has a latest-status batch call (CodeArts): one
 * `latestStatuses` call for a claimed batch gives each pipeline's digest (../domain/digest.ts), and a pipeline whose
 * digest has not moved since its last full read is handed that read instead of a `getRun`. What a watch shows and
 * tells is decided by the run's state (../domain/run-state.ts): stage statuses and times, which the digest shows,
 * but also names and review lists, which it does not. So a remembered read is handed out only while it is younger
 * than `fullReadMs` (ten times that once the run is finished: then only a rename could be missed), only if it
 * agreed with its digest when read, and only while every watch of it shows that very read (its card's
 * fingerprint): a card updated since, by a person's command or another replica, is read in full again, never edited
 * back. Anything else — a backend without the batch call, a pipeline absent from the answer, a failed batch call
 * (logged once per tick) — reads with `getRun` as before.
 */
import type { PipelineBackend } from '../domain/backend.js';
import { digestKey, type RunDigest } from '../domain/digest.js';
import type { PipelineRun } from '../domain/pipeline.js';
import { asPipelineId } from '../domain/pipeline-id.js';
import { toRunState } from '../domain/run-state.js';
import { classOf, isTerminalClass } from '../domain/status.js';
import { summarisePipeline } from '../domain/summary.js';
import type { Logger } from '../log.js';
import type { WatchRecord } from '../store/types.js';
import type { TickStats } from './pipeline-cycles.js';
import { fingerprintState } from './remembered-state.js';

/** `WATCH_FULL_READ_SECONDS`' default: the oldest a remembered read may be when it is handed out again. */
export const DEFAULT_FULL_READ_SECONDS = 60;
/** A finished run's remembered read is handed out this many times longer (10 min by default). */
export const FINISHED_BOUND_FACTOR = 10;
/** How many pipelines' last full reads are remembered (least recently used first out); a run is a few KB. */
export const DEFAULT_REMEMBERED_READS = 5_000;

/** What the reader needs. */
export interface TickReaderOptions {
  backend: PipelineBackend;
  /**
   * A remembered read of an unfinished run older than this is not handed out (of a finished run: older than
   * `FINISHED_BOUND_FACTOR` times this); `0` turns the batch status call off.
   */
  fullReadMs: number;
  /** Most remembered reads; the least recently used goes first. */
  maxRemembered: number;
  logger: Logger;
}

/** A claimed batch's reads: the read to give `runPipelineCycles` for each of its pipelines. */
export interface BatchReads {
  /** `pipelineId`'s read: the remembered run where its digest allows, else `fullRead` (a counted `getRun`). */
  readFor(
    pipelineId: string,
    watches: readonly WatchRecord[],
    fullRead: () => Promise<PipelineRun>,
  ): () => Promise<PipelineRun>;
}

/** Reads the pipelines of claimed batches (see the module comment); one per poller, it remembers across ticks. */
export interface TickReader {
  /** Asks for the digests of `pipelineIds` (a claimed batch) at the tick's `now`, counted in `stats`. */
  batch(pipelineIds: readonly string[], now: Date, stats: TickStats): Promise<BatchReads>;
}

/** A pipeline's last full read, and the digest the batch call gave just before it. */
interface Remembered {
  run: PipelineRun;
  key: string;
  readAt: number;
  /** The fingerprint a card showing `run` has; worked out on first need. */
  fingerprint: string | null;
}

/** Equal, or one of them unknown (`null`). */
const sameOrUnknown = <T>(a: T | null, b: T | null): boolean => a === null || b === null || a === b;

/** Whether a full read is the run its digest outlines: the same run (where both name it), in the same status. */
const agrees = (run: PipelineRun, digest: RunDigest): boolean =>
  run.status.state === digest.status.state &&
  sameOrUnknown(run.run.id, digest.runId) &&
  sameOrUnknown(run.run.number, digest.number);

const fullReadsOnly: BatchReads = { readFor: (_id, _watches, fullRead) => fullRead };

/** Creates the reader; it asks nothing until `batch`. */
export function createTickReader(options: TickReaderOptions): TickReader {
  const { backend, fullReadMs, maxRemembered, logger } = options;
  // Insertion order is use order: a hit or a new read moves its pipeline to the end; the first is the least used.
  const remembered = new Map<string, Remembered>();

  const remember = (id: string, entry: Remembered): void => {
    remembered.delete(id);
    remembered.set(id, entry);
    for (const oldest of remembered.keys()) {
      if (remembered.size <= maxRemembered) break;
      remembered.delete(oldest);
    }
  };

  // A finished run changes no more (a retried stage or a new run moves its digest); only a rename would not show.
  const boundOf = (run: PipelineRun): number =>
    isTerminalClass(classOf(run.status)) ? fullReadMs * FINISHED_BOUND_FACTOR : fullReadMs;

  const fingerprintOf = (entry: Remembered): string => {
    entry.fingerprint ??= fingerprintState(toRunState(summarisePipeline(entry.run)));
    return entry.fingerprint;
  };

  return {
    async batch(pipelineIds, now, stats) {
      const latestStatuses = backend.latestStatuses?.bind(backend);
      if (latestStatuses === undefined || fullReadMs <= 0 || pipelineIds.length === 0) return fullReadsOnly;
      let digests: Map<string, RunDigest>;
      try {
        stats.statusCalls += 1;
        digests = await latestStatuses(pipelineIds.map(asPipelineId));
      } catch (error) {
        // One line per tick however many batches fail: every pipeline of it is read in full, as without the call.
        if (stats.statusErrors === 0)
          logger.warn('the latest-status batch call failed; reading each run', {
            pipelines: pipelineIds.length,
            error,
          });
        stats.statusErrors += 1;
        for (const id of pipelineIds) remembered.delete(id);
        return fullReadsOnly;
      }
      const nowMs = now.getTime();
      return {
        readFor(id, watches, fullRead) {
          const digest = digests.get(id);
          if (digest === undefined) {
            remembered.delete(id);
            return fullRead;
          }
          const key = digestKey(digest);
          const last = remembered.get(id);
          const age = last === undefined ? -1 : nowMs - last.readAt;
          if (last !== undefined && last.key === key && age >= 0 && age < boundOf(last.run)) {
            const fingerprint = fingerprintOf(last);
            if (watches.every((watch) => watch.fingerprint === fingerprint)) {
              stats.digestHits += 1;
              remember(id, last);
              return async () => last.run;
            }
          }
          return async () => {
            remembered.delete(id);
            const run = await fullRead();
            // Keyed by the digest asked before the read: if the run moved in between, the next key differs. A read
            // behind its digest (another run, another status) is not kept: it would stand for a state it is not.
            if (agrees(run, digest)) remember(id, { run, key, readAt: nowMs, fingerprint: null });
            return run;
          };
        },
      };
    },
  };
}
