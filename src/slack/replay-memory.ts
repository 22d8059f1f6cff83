/**
 * What the request guard remembers of the signed requests it let through, to refuse the same request again
 * (a replay) for as long as Bolt would accept its timestamp.
 *
 * One process (SQLite, or no database): the memory below, in this process. Several replicas on PostgreSQL: the
 * same memory first (a replay to the same replica costs no query), then the database's ledger of requests any
 * replica accepted (`slack_request_seen`, src/store/postgres-seen-requests.ts), so a replay sent to another replica
 * is refused too.
 *
 * When the database does not answer within `timeoutMs`, the replica falls back to its own memory (and says so once
 * in the log, and again once it answers): a replay to this replica is still refused, one to another replica during
 * the outage is not. Failing closed would refuse every Slack request while the database is down, although answering
 * `/pipeline <id>` needs no database; a replay needs a captured, correctly signed request less than 5 minutes old
 * and the outage at the same time, and runs at most one more time per replica.
 */
import type { Logger } from '../log.js';

/** Slack's tolerance between its clock and ours, in seconds, both ways. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

/** The replay memory the guard asks. */
export interface ReplayMemory {
  /** `true` the first time a signature is offered within the window, `false` on a replay. */
  firstSighting(signature: string, timestampSec: number, nowSec: number): boolean | Promise<boolean>;
}

/** The memory of one process. */
export interface LocalReplayMemory extends ReplayMemory {
  firstSighting(signature: string, timestampSec: number, nowSec: number): boolean;
  /** How many signatures it holds (swept ones excluded). */
  size(): number;
}

/** A signature dated `timestampSec` is refused until this second inclusive; Bolt refuses it as stale after. */
const expirySec = (timestampSec: number): number => timestampSec + MAX_CLOCK_SKEW_SECONDS + 1;

/** 52 bits of a `v0=<hex>` signature as a number (exact in a double); anything else as it is. */
function replayKey(signature: string): number | string {
  const hex = signature.slice(3, 16);
  return signature.startsWith('v0=') && /^[0-9a-f]{13}$/.test(hex) ? Number.parseInt(hex, 16) : signature;
}

/**
 * Remembers verified signatures until their timestamp leaves the window: a signature dated `ts` is refused until
 * `ts + 300` inclusive, after which Bolt's own check refuses the request as stale. Expired entries are swept at
 * most every 10 s of the clock, so the memory holds about five minutes of requests.
 */
export function createReplayMemory(): LocalReplayMemory {
  // Keyed by 52 bits of the signature (a number) rather than its 67 characters: ~30 bytes per request of the last
  // five minutes instead of ~130. Only verified signatures get here, so a false "replay" needs two real HMACs to
  // share 52 bits: about 1 in 10¹¹ per request with 30,000 held.
  const expiries = new Map<number | string, number>();
  let nextSweep = 0;
  return {
    firstSighting(signature, timestampSec, nowSec) {
      if (nowSec >= nextSweep) {
        for (const [seen, expiry] of expiries) if (expiry <= nowSec) expiries.delete(seen);
        nextSweep = nowSec + 10;
      }
      const key = replayKey(signature);
      const expiry = expiries.get(key);
      if (expiry !== undefined && expiry > nowSec) return false;
      expiries.set(key, expirySec(timestampSec));
      return true;
    },
    size: () => expiries.size,
  };
}

/** The database's ledger as the guard needs it (the store's `seenRequests`). */
export interface ReplayLedger {
  recordFirstSighting(signature: string, expiresAtMs: number, nowMs: number): Promise<boolean>;
  /** Deletes a bounded batch of expired records. */
  sweepExpired(nowMs: number): Promise<number>;
}

/** How often a replica asks the ledger to delete expired records. */
const LEDGER_SWEEP_EVERY_MS = 10_000;

export interface SharedReplayMemoryOptions {
  logger: Logger;
  /** How long a request waits for the ledger before this replica relies on its own memory. */
  timeoutMs?: number;
}

/** Within Slack's 3 s for an acknowledgement, with room for the request itself. */
const DEFAULT_LEDGER_TIMEOUT_MS = 1_000;

/** This process's memory, then the ledger every replica shares (see the module comment for an outage). */
export function createSharedReplayMemory(ledger: ReplayLedger, options: SharedReplayMemoryOptions): ReplayMemory {
  const local = createReplayMemory();
  const timeoutMs = options.timeoutMs ?? DEFAULT_LEDGER_TIMEOUT_MS;
  let degraded = false;
  let nextSweepMs = 0;
  let sweepFailing = false;
  // Not awaited: a request waits for its own record only. A failed sweep is retried by the next one; the first
  // failure of a run is logged, or expired records could pile up unseen.
  const sweep = (nowMs: number): void => {
    if (nowMs < nextSweepMs) return;
    nextSweepMs = nowMs + LEDGER_SWEEP_EVERY_MS;
    ledger.sweepExpired(nowMs).then(
      () => {
        sweepFailing = false;
      },
      (error: unknown) => {
        if (sweepFailing) return;
        sweepFailing = true;
        const reason = error instanceof Error ? error.message : 'unknown error';
        options.logger.warn('could not delete expired Slack request records; trying again in 10 s', { reason });
      },
    );
  };
  return {
    async firstSighting(signature, timestampSec, nowSec) {
      if (!local.firstSighting(signature, timestampSec, nowSec)) return false;
      sweep(nowSec * 1000);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        const first = await Promise.race([
          ledger.recordFirstSighting(signature, expirySec(timestampSec) * 1000, nowSec * 1000),
          late,
        ]);
        if (degraded) {
          degraded = false;
          options.logger.info('the shared replay memory answers again: replays to other replicas are refused again');
        }
        return first;
      } catch (error) {
        if (!degraded) {
          degraded = true;
          const reason = error instanceof Error ? error.message : 'unknown error';
          options.logger.warn(
            'the database did not answer the shared replay memory: until it does, only replays to this replica are refused',
            { reason },
          );
        }
        return true;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
