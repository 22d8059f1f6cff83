/**
 * The PostgreSQL store's single-row writes of a watch cycle — a milestone's `sending` stamp, its `sent` mark or
 * release, a card's record, the pruning of old runs' milestones — as grouped statements (./grouped-statement.ts):
 * the poller runs 16 pipelines at once, so their writes travel together as one `… unnest(…)` statement and one
 * commit (a changed cycle of 10,000 watches sent ~5,300 single-row autocommits, each waiting for its WAL flush).
 */
import type pg from 'pg';
import { groupedStatement } from './grouped-statement.js';
import type { CardReference, MilestoneKey } from './types.js';

const keyText = (k: { watchId: number; runKey: string; key: string }): string =>
  JSON.stringify([k.watchId, k.runKey, k.key]);

const GROUP = { maxItems: 500, maxInFlight: 2 } as const;

/** What a `sent` or `unconfirmed` mark writes. */
export interface MilestoneMark {
  key: MilestoneKey;
  status: 'sent' | 'unconfirmed';
  messageTs: string | null;
  threadTs: string | null;
  at: number;
}

/** The grouped writes, each sent through `query` (the store's, which names a lost database). */
export function groupedWrites(query: (sql: string, params: unknown[]) => Promise<pg.QueryResult>) {
  const keyArrays = (keys: readonly MilestoneKey[]) => [
    keys.map((k) => k.watchId),
    keys.map((k) => k.runKey),
    keys.map((k) => k.key),
  ];

  /** Records `sending` for new keys; `true` per key this call inserted. */
  const insertSending = groupedStatement<{ key: MilestoneKey; at: number }, boolean>(
    async (items) => {
      const result = await query(
        `INSERT INTO milestones (watch_id, run_key, milestone_key, status, updated_at)
         SELECT u.w, u.r, u.k, 'sending', u.t FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[]) AS u(w, r, k, t)
         ON CONFLICT DO NOTHING RETURNING watch_id, run_key, milestone_key`,
        [...keyArrays(items.map((i) => i.key)), items.map((i) => i.at)],
      );
      const inserted = new Set(
        result.rows.map((r) => keyText({ watchId: Number(r.watch_id), runKey: r.run_key, key: r.milestone_key })),
      );
      return items.map((i) => inserted.has(keyText(i.key)));
    },
    { keyOf: (i) => keyText(i.key), ...GROUP },
  );

  const mark = groupedStatement<MilestoneMark, void>(
    async (items) => {
      await query(
        `UPDATE milestones AS m SET status = u.s, message_ts = u.mts, thread_ts = u.tts, updated_at = u.t
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[])
           AS u(w, r, k, s, mts, tts, t)
         WHERE m.watch_id = u.w AND m.run_key = u.r AND m.milestone_key = u.k`,
        [
          ...keyArrays(items.map((i) => i.key)),
          items.map((i) => i.status),
          items.map((i) => i.messageTs),
          items.map((i) => i.threadTs),
          items.map((i) => i.at),
        ],
      );
      return items.map(() => undefined);
    },
    { keyOf: (i) => keyText(i.key), ...GROUP },
  );

  const release = groupedStatement<MilestoneKey, void>(
    async (keys) => {
      await query(
        `DELETE FROM milestones AS m USING unnest($1::bigint[], $2::text[], $3::text[]) AS u(w, r, k)
         WHERE m.watch_id = u.w AND m.run_key = u.r AND m.milestone_key = u.k AND m.status = 'sending'`,
        keyArrays(keys),
      );
      return keys.map(() => undefined);
    },
    { keyOf: keyText, ...GROUP },
  );

  const recordCard = groupedStatement<{ owner: string; id: number; card: CardReference }, boolean>(
    async (items) => {
      const result = await query(
        `UPDATE watches AS w SET card_channel = u.ch, card_ts = u.ts, run_key = u.rk, fingerprint = u.fp,
           summary_json = u.sj, pending_json = NULL, card_closed = NULL
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
           AS u(id, ch, ts, rk, fp, sj, owner)
         WHERE w.id = u.id AND w.lease_owner = u.owner
         RETURNING w.id`,
        [
          items.map((i) => i.id),
          items.map((i) => i.card.cardChannel),
          items.map((i) => i.card.cardTs),
          items.map((i) => i.card.runKey),
          items.map((i) => i.card.fingerprint),
          items.map((i) => i.card.baselineJson),
          items.map((i) => i.owner),
        ],
      );
      const recorded = new Set(result.rows.map((r) => Number(r.id)));
      return items.map((i) => recorded.has(i.id));
    },
    { keyOf: (i) => String(i.id), ...GROUP },
  );

  const prune = groupedStatement<{ watchId: number; keepRunKey: string }, void>(
    async (items) => {
      await query(
        `DELETE FROM milestones AS m USING unnest($1::bigint[], $2::text[]) AS u(w, r)
         WHERE m.watch_id = u.w AND m.run_key <> u.r`,
        [items.map((i) => i.watchId), items.map((i) => i.keepRunKey)],
      );
      return items.map(() => undefined);
    },
    { keyOf: (i) => String(i.watchId), ...GROUP },
  );

  return { insertSending, mark, release, recordCard, prune };
}
