/**
 * The signed Slack requests every replica on one PostgreSQL database has accepted, so that a request captured and
 * replayed to another replica is refused as it is by the first (src/slack/replay-memory.ts uses it). One insert per
 * request: a signature already present and not expired is a replay. Expired rows are deleted in bounded batches at
 * most every 10 s per process, off the request's path, so the table holds about the 5-minute window's requests.
 */
import type pg from 'pg';
import type { SeenRequestLedger } from './types.js';

/** Rows deleted per sweep: a bounded statement, whatever piled up while no replica swept. */
export const SEEN_SWEEP_BATCH = 500;
const SWEEP_EVERY_MS = 10_000;

/** The ledger on `pool` (whose search path holds the migrated `slack_request_seen`). */
export function createPostgresSeenRequests(pool: pg.Pool): SeenRequestLedger {
  let nextSweepMs = 0;
  const sweep = async (nowMs: number): Promise<number> => {
    const result = await pool.query(
      `DELETE FROM slack_request_seen WHERE signature IN (
         SELECT signature FROM slack_request_seen WHERE expires_at <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      [nowMs, SEEN_SWEEP_BATCH],
    );
    return result.rowCount ?? 0;
  };
  return {
    recordFirstSighting: async (signature, expiresAtMs, nowMs) => {
      if (nowMs >= nextSweepMs) {
        nextSweepMs = nowMs + SWEEP_EVERY_MS;
        // Not awaited: the request waits for its own insert only. A failed sweep is retried by the next one.
        sweep(nowMs).catch(() => undefined);
      }
      // An expired row that no sweep has removed yet counts as absent: it is taken over, as a fresh insert would be.
      const result = await pool.query(
        `INSERT INTO slack_request_seen (signature, expires_at) VALUES ($1, $2)
         ON CONFLICT (signature) DO UPDATE SET expires_at = EXCLUDED.expires_at
         WHERE slack_request_seen.expires_at <= $3`,
        [signature, expiresAtMs, nowMs],
      );
      return result.rowCount === 1;
    },
    sweepExpired: sweep,
  };
}
