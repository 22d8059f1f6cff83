/**
 * The PostgreSQL store, for one or several bot processes on one database. Replicas share the polling through
 * leases taken with `FOR UPDATE SKIP LOCKED`: a claim never waits for another replica and never takes a row
 * another replica holds; a replica that dies stops renewing nothing — its leases simply run out.
 */
import pg from 'pg';
import { StoreUnavailableError } from '../domain/store-error.js';
import { createAccountLinkStore } from './account-links.js';
import {
  type ConnectionLimits,
  describeConnectError,
  isUnreachable,
  poolConfigFor,
  serverOf,
} from './postgres-connection.js';
import { groupedWrites } from './postgres-grouped-writes.js';
import { MigrationLockTimeoutError, migratePostgres, quoteIdent } from './postgres-migrate.js';
import { createPostgresSeenRequests } from './postgres-seen-requests.js';
import { reviewReminderLedger } from './review-reminders.js';
import {
  PROGRESS_COLUMNS,
  type ProgressColumn,
  progressValues,
  type Row,
  rowsToWatches,
  rowToMilestone,
  rowToWatch,
  type SqlRunner,
} from './rows.js';
import type { MilestoneClaim, WatchProgress, WatchRecord, WatchStore } from './types.js';

/** Options of the PostgreSQL store. */
export interface PostgresStoreOptions extends ConnectionLimits {
  /** Use (and create) this schema instead of `public`: tests give each file its own. */
  schema?: string;
  /** Connections in the pool. */
  maxConnections?: number;
  /** How long to try for the migration lock before giving up with an error. */
  migrationLockTimeoutMs?: number;
}

const INT8_OID = 20;
// Epoch milliseconds fit a JS number exactly; pg returns BIGINT as a string unless told otherwise.
const parseTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** SQL types of `PROGRESS_COLUMNS`, for `unnest` in the batched save. */
const PROGRESS_TYPES: Record<ProgressColumn, string> = {
  card_channel: 'text',
  card_ts: 'text',
  run_key: 'text',
  fingerprint: 'text',
  summary_json: 'text',
  pending_json: 'text',
  card_closed: 'text',
  paused_reason: 'text',
  paused_at: 'bigint',
  error_streak: 'integer',
  error_since: 'bigint',
  error_noted: 'integer',
  next_poll_at: 'bigint',
  reminded_key: 'text',
};

/** One chunk of `saveProgress`: `$1` the ids, then one array per column, then the owner. */
const saveSql = (columns: readonly ProgressColumn[]): string => `UPDATE watches AS w SET
    ${columns.map((c) => `${c} = u.${c}`).join(', ')}, lease_owner = NULL, lease_until = NULL
  FROM unnest(${['bigint', ...columns.map((c) => PROGRESS_TYPES[c])].map((t, i) => `$${i + 1}::${t}[]`).join(', ')})
    AS u(${['id', ...columns].join(', ')})
  WHERE w.id = u.id AND w.lease_owner = $${columns.length + 2}`;

/**
 * A watch's remembered state: ~2 KB a row, and the same after most cycles. A row whose state is what its claim
 * read is saved without it (its schedule and card flags only): an idle cycle then sends and rewrites none of it.
 */
const STATE_COLUMNS: readonly ProgressColumn[] = ['fingerprint', 'summary_json', 'pending_json'];
const SCHEDULE_COLUMNS = PROGRESS_COLUMNS.filter((c) => !STATE_COLUMNS.includes(c));
interface SaveStatement {
  columns: readonly ProgressColumn[];
  sql: string;
}
const SAVE_ALL: SaveStatement = { columns: PROGRESS_COLUMNS, sql: saveSql(PROGRESS_COLUMNS) };
const SAVE_SCHEDULE: SaveStatement = { columns: SCHEDULE_COLUMNS, sql: saveSql(SCHEDULE_COLUMNS) };

const SAVE_CHUNK = 1_000;

/** Connects to `databaseUrl`, migrates, and returns the store. */
export async function createPostgresStore(
  databaseUrl: string,
  options: PostgresStoreOptions = {},
): Promise<WatchStore> {
  const pool = new pg.Pool({
    ...poolConfigFor(databaseUrl, options),
    max: options.maxConnections ?? 5,
    types: parseTypes,
    ...(options.schema ? { options: `-c search_path=${quoteIdent(options.schema)}` } : {}),
  });
  // An idle client's network error must not crash the process; the next query reports it.
  pool.on('error', () => {});
  try {
    await migratePostgres(pool, options.schema, options.migrationLockTimeoutMs);
  } catch (err) {
    await pool.end();
    if (err instanceof MigrationLockTimeoutError) throw err;
    throw new Error(describeConnectError(err, databaseUrl, options), { cause: err });
  }

  const server = serverOf(databaseUrl);
  // Every statement goes through here: a lost database becomes one error type the callers recognise.
  const query = async (sql: string, params: unknown[] = []): Promise<pg.QueryResult<Row>> => {
    try {
      return await pool.query<Row>(sql, params);
    } catch (err) {
      if (isUnreachable(err)) throw new StoreUnavailableError(`PostgreSQL at ${server} is unavailable`, { cause: err });
      throw err;
    }
  };
  const rows = async (sql: string, params: unknown[] = []): Promise<Row[]> => (await query(sql, params)).rows;
  const first = async (sql: string, params: unknown[] = []): Promise<Row | undefined> => (await rows(sql, params))[0];
  const runSql: SqlRunner = (sql, params) =>
    query(sql, params).then((result) => ({ rows: result.rows, changes: result.rowCount ?? 0 }));

  const grouped = groupedWrites(query);

  const saveChunk = async (owner: string, chunk: WatchProgress[], save: SaveStatement): Promise<number> => {
    const ids: number[] = [];
    const arrays = save.columns.map(() => [] as (string | number | null)[]);
    for (const progress of chunk) {
      ids.push(progress.id);
      const values = progressValues(progress);
      save.columns.forEach((c, i) => {
        arrays[i]?.push(values[c]);
      });
    }
    const result = await query(save.sql, [ids, ...arrays, owner]);
    return result.rowCount ?? 0;
  };

  // The state each claimed row had when this process claimed it (see STATE_COLUMNS), until its save; the strings
  // are the claimed records' own. Bounded by the watches claimed and not yet saved (a row whose cycle failed
  // stays until its next claim replaces it, or its removal).
  const claimedState = new Map<number, readonly (string | null)[]>();
  const rememberClaimed = (watch: WatchRecord): WatchRecord => {
    claimedState.set(watch.id, [watch.fingerprint, watch.baselineJson, watch.pendingJson]);
    return watch;
  };
  const stateUnchanged = (p: WatchProgress): boolean => {
    const was = claimedState.get(p.id);
    claimedState.delete(p.id);
    return was?.[0] === p.fingerprint && was[1] === p.baselineJson && was[2] === p.pendingJson;
  };
  const saveAll = async (owner: string, rows: WatchProgress[], save: SaveStatement): Promise<number> => {
    let changed = 0;
    for (let i = 0; i < rows.length; i += SAVE_CHUNK)
      changed += await saveChunk(owner, rows.slice(i, i + SAVE_CHUNK), save);
    return changed;
  };

  return {
    dialect: 'postgres',
    seenRequests: createPostgresSeenRequests(query),
    accountLinks: createAccountLinkStore(runSql),
    ping: async () => {
      await query('SELECT 1');
    },
    close: () => pool.end(),
    addWatch: async (input) => {
      const row = await first(
        `INSERT INTO watches (team_id, channel_id, pipeline_id, filter, created_by, created_at, next_poll_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (team_id, channel_id, pipeline_id) DO NOTHING RETURNING *`,
        [
          input.teamId,
          input.channelId,
          input.pipelineId,
          input.filter,
          input.createdBy,
          input.now.getTime(),
          input.nextPollAt.getTime(),
        ],
      );
      if (row) return { watch: rowToWatch(row), created: true };
      const existing = await first(
        'SELECT * FROM watches WHERE team_id = $1 AND channel_id = $2 AND pipeline_id = $3',
        [input.teamId, input.channelId, input.pipelineId],
      );
      if (!existing) throw new Error('watch vanished while being added');
      return { watch: rowToWatch(existing), created: false };
    },
    getWatch: async (id) => {
      const row = await first('SELECT * FROM watches WHERE id = $1', [id]);
      return row ? rowToWatch(row) : null;
    },
    findWatch: async (teamId, channelId, pipelineId) => {
      const row = await first('SELECT * FROM watches WHERE team_id = $1 AND channel_id = $2 AND pipeline_id = $3', [
        teamId,
        channelId,
        pipelineId,
      ]);
      return row ? rowToWatch(row) : null;
    },
    listWatches: async (teamId, channelId) =>
      (await rows('SELECT * FROM watches WHERE team_id = $1 AND channel_id = $2 ORDER BY id', [teamId, channelId])).map(
        rowToWatch,
      ),
    updateFilter: async (id, filter, now) => {
      await query(
        `UPDATE watches SET filter = $1, paused_reason = NULL, paused_at = NULL,
         next_poll_at = LEAST(next_poll_at, $2) WHERE id = $3`,
        [filter, now.getTime(), id],
      );
    },
    removeWatch: async (teamId, channelId, pipelineId) => {
      const result = await query(
        'DELETE FROM watches WHERE team_id = $1 AND channel_id = $2 AND pipeline_id = $3 RETURNING id',
        [teamId, channelId, pipelineId],
      );
      // A removed watch is never saved: what its claim read must not stay behind.
      for (const row of result.rows) claimedState.delete(Number(row.id));
      return (result.rowCount ?? 0) > 0;
    },
    countWatches: async () => Number((await first('SELECT COUNT(*) AS n FROM watches'))?.n ?? 0),
    listTeamWatches: async (teamId, limit) =>
      (await rows('SELECT * FROM watches WHERE team_id = $1 ORDER BY id LIMIT $2', [teamId, limit])).map(rowToWatch),
    ...reviewReminderLedger('postgres', runSql),
    claimDue: async (options) => {
      const now = options.now.getTime();
      // `due` picks the oldest due rows no other replica is claiming right now; `siblings` adds the other free
      // watches of the same pipelines so one SWR request serves them. Both skip locked rows, so two replicas
      // claiming at once cannot deadlock on each other's siblings. The siblings' pipelines are an array (an init
      // plan, then the `watches_pipeline` index) rather than `IN (SELECT … FROM due)`: planned from the CTE's row
      // estimate, which on a table without fresh statistics is ~20, that became a nested loop of every free watch
      // against every due row — seconds per claim at 10,000 watches (docs/FINDINGS.md §4).
      const claimed = await rows(
        `WITH due AS (
           SELECT id, pipeline_id FROM watches
           WHERE paused_reason IS NULL AND next_poll_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
           ORDER BY next_poll_at, pipeline_id
           LIMIT $2
           FOR UPDATE SKIP LOCKED
         ), siblings AS (
           SELECT id FROM watches
           WHERE pipeline_id = ANY (ARRAY(SELECT DISTINCT pipeline_id FROM due)) AND id NOT IN (SELECT id FROM due)
             AND paused_reason IS NULL AND (lease_until IS NULL OR lease_until <= $1)
           FOR UPDATE SKIP LOCKED
         )
         UPDATE watches SET lease_owner = $3, lease_until = $4
         WHERE id IN (SELECT id FROM due UNION ALL SELECT id FROM siblings)
         RETURNING *`,
        [now, options.limit, options.owner, now + options.leaseMs],
      );
      return rowsToWatches(claimed).map(rememberClaimed);
    },
    claimWatch: async (options) => {
      const now = options.now.getTime();
      const row = await first(
        `WITH target AS (
           SELECT id FROM watches
           WHERE id = $1 AND paused_reason IS NULL AND (lease_until IS NULL OR lease_until <= $2)
           FOR UPDATE SKIP LOCKED
         )
         UPDATE watches SET lease_owner = $3, lease_until = $4 WHERE id IN (SELECT id FROM target) RETURNING *`,
        [options.watchId, now, options.owner, now + options.leaseMs],
      );
      return row ? rememberClaimed(rowToWatch(row)) : null;
    },
    saveProgress: async (owner, progress) => {
      const same: WatchProgress[] = [];
      const moved: WatchProgress[] = [];
      for (const row of progress) (stateUnchanged(row) ? same : moved).push(row);
      return (await saveAll(owner, same, SAVE_SCHEDULE)) + (await saveAll(owner, moved, SAVE_ALL));
    },
    recordCard: (owner, id, card) => grouped.recordCard({ owner, id, card }),
    claimMilestone: async (milestone, now, staleBefore): Promise<MilestoneClaim> => {
      const key = [milestone.watchId, milestone.runKey, milestone.key];
      // Three statements, not one transaction (unlike SQLite): the key can be released between them. Then it is
      // inserted again, so that `claimed` always means "recorded as `sending` by this caller". The insert, which
      // is all a new key needs, travels with the other cycles' inserts (./postgres-grouped-writes.ts).
      for (let attempt = 0; attempt < 3; attempt += 1) {
        if (await grouped.insertSending({ key: milestone, at: now.getTime() })) return 'claimed';
        const retaken = await query(
          `UPDATE milestones SET updated_at = $4
           WHERE watch_id = $1 AND run_key = $2 AND milestone_key = $3 AND status = 'sending' AND updated_at <= $5`,
          [...key, now.getTime(), staleBefore.getTime()],
        );
        if (retaken.rowCount === 1) return 'claimed';
        const row = await first(
          'SELECT status FROM milestones WHERE watch_id = $1 AND run_key = $2 AND milestone_key = $3',
          key,
        );
        if (row) return row.status as MilestoneClaim;
      }
      // Claimed and released under us again and again: someone else is working on it; look again later.
      return 'sending';
    },
    getMilestone: async (key) => {
      const row = await first('SELECT * FROM milestones WHERE watch_id = $1 AND run_key = $2 AND milestone_key = $3', [
        key.watchId,
        key.runKey,
        key.key,
      ]);
      return row ? rowToMilestone(row) : null;
    },
    markMilestone: (key, outcome, now) =>
      grouped.mark({
        key,
        status: outcome.status,
        messageTs: outcome.status === 'sent' ? outcome.messageTs : null,
        threadTs: outcome.status === 'sent' ? outcome.threadTs : null,
        at: now.getTime(),
      }),
    releaseMilestone: (key) => grouped.release(key),
    pruneMilestones: (watchId, keepRunKey) => grouped.prune({ watchId, keepRunKey }),
  };
}
