/**
 * The signed Slack requests every replica on one PostgreSQL database has accepted, so that a request captured and
 * replayed to another replica is refused as it is by the first (src/slack/replay-memory.ts uses it). One insert per
 * request: a signature already present and not expired is a replay. Expired rows are deleted in bounded batches
 * (`sweepExpired`, which the replay memory calls at most every 10 s per process, off the request's path, and logs
 * when it fails), so the table holds about the 5-minute window's requests.
 */
import type { SeenRequestLedger } from './types.js';

/** Rows deleted per sweep: a bounded statement, whatever piled up while no replica swept. */
export const SEEN_SWEEP_BATCH = 500;

/** The store's `query` (which names a lost database), on a search path that holds the migrated `slack_request_seen`. */
type Query = (sql: string, params: unknown[]) => Promise<{ rowCount: number | null }>;

/** The ledger, every statement sent through `query`. */
export function createPostgresSeenRequests(query: Query): SeenRequestLedger {
  return {
    recordFirstSighting: async (signature, expiresAtMs, nowMs) => {
      // An expired row that no sweep has removed yet counts as absent: it is taken over, as a fresh insert would be.
      const result = await query(
        `INSERT INTO slack_request_seen (signature, expires_at) VALUES ($1, $2)
         ON CONFLICT (signature) DO UPDATE SET expires_at = EXCLUDED.expires_at
         WHERE slack_request_seen.expires_at <= $3`,
        [signature, expiresAtMs, nowMs],
      );
      return result.rowCount === 1;
    },
    sweepExpired: async (nowMs) => {
      const result = await query(
        `DELETE FROM slack_request_seen WHERE signature IN (
         SELECT signature FROM slack_request_seen WHERE expires_at <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [nowMs, SEEN_SWEEP_BATCH],
      );
      return result.rowCount ?? 0;
    },
  };
}
