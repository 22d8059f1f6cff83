/**
 * The SQLite store: one file, WAL mode, for a single bot process. better-sqlite3 is synchronous, so every method
 * runs to completion before the next and a claim needs no lock beyond its transaction.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { createAccountLinkStore } from './account-links.js';
import { MIGRATIONS, SCHEMA_MIGRATIONS_DDL } from './migrations.js';
import { reviewReminderLedger } from './review-reminders.js';
import {
  PROGRESS_COLUMNS,
  progressValues,
  type Row,
  rowsToWatches,
  rowToMilestone,
  rowToWatch,
  type SqlRunner,
} from './rows.js';
import type {
  CardReference,
  ClaimOptions,
  MilestoneClaim,
  MilestoneKey,
  MilestoneRecord,
  NewWatch,
  WatchFilter,
  WatchProgress,
  WatchStore,
} from './types.js';

/**
 * Applies the migrations this file lacks, each in its own transaction. The check is made inside an IMMEDIATE
 * transaction (the write lock first): another process migrating the same file at the same moment is waited for
 * (busy_timeout), and what it applied is then seen and skipped.
 */
function migrate(db: Database.Database): void {
  db.exec(SCHEMA_MIGRATIONS_DDL);
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?');
  for (const migration of MIGRATIONS) {
    db.transaction(() => {
      if (isApplied.get(migration.version) !== undefined) return;
      for (const sql of migration.up('sqlite')) db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        Date.now(),
      );
    }).immediate();
  }
}

/** Opens (creating directories and the file as needed) and migrates the SQLite database at `path`. */
export function createSqliteStore(path: string): WatchStore {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // A second process on the same file (a restart overlapping the old one) waits instead of failing.
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);

  // Statements are prepared once and reused: each `prepare` holds native memory until its wrapper is collected,
  // and a cycle runs the same few statements thousands of times.
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string): Database.Statement => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const one = (sql: string, ...params: unknown[]): Row | undefined => prepared(sql).get(...params) as Row | undefined;
  const all = (sql: string, ...params: unknown[]): Row[] => prepared(sql).all(...params) as Row[];
  // The statements shared with PostgreSQL: `$n` placeholders become `?`, with the parameters in the order they appear.
  const runSql: SqlRunner = async (sql, params) => {
    const ordered: unknown[] = [];
    const statement = prepared(
      sql.replace(/\$(\d+)/g, (_, n: string) => {
        ordered.push(params[Number(n) - 1]);
        return '?';
      }),
    );
    if (statement.reader) return { rows: statement.all(...ordered) as Row[], changes: 0 };
    return { rows: [], changes: statement.run(...ordered).changes };
  };

  const saveOne = db.prepare(
    `UPDATE watches SET ${PROGRESS_COLUMNS.map((c) => `${c} = ?`).join(', ')}, lease_owner = NULL, lease_until = NULL
     WHERE id = ? AND lease_owner = ?`,
  );
  // Positional, not `{ ...progressValues(progress), id, owner }`: on Node 20 (V8 11.3) a spread followed by a key the
  // source lacks gives each object a hidden class of its own, made in the old generation — ~900 bytes a row that
  // only a full collection frees (9 MB a cycle at 10,000 watches).
  const saveMany = db.transaction((owner: string, rows: WatchProgress[]) => {
    let changed = 0;
    for (const progress of rows) {
      const values = progressValues(progress);
      changed += saveOne.run(...PROGRESS_COLUMNS.map((c) => values[c]), progress.id, owner).changes;
    }
    return changed;
  });

  // One process owns a SQLite file, so a lease left by an earlier process (killed mid-cycle) is void at once:
  // a restart resumes within one interval instead of waiting out the dead lease. `lease_owner` still marks the
  // rows this cycle holds, so `saveProgress` writes only what it claimed.
  const claim = db.transaction((options: ClaimOptions): Row[] => {
    const now = options.now.getTime();
    const due = all(
      `SELECT id, pipeline_id FROM watches
       WHERE paused_reason IS NULL AND next_poll_at <= ? AND (lease_owner IS NULL OR lease_owner <> ? OR lease_until <= ?)
       ORDER BY next_poll_at, pipeline_id LIMIT ?`,
      now,
      options.owner,
      now,
      options.limit,
    );
    if (due.length === 0) return [];
    const pipelines = [...new Set(due.map((r) => String(r.pipeline_id)))];
    const ids = due.map((r) => Number(r.id));
    return all(
      `UPDATE watches SET lease_owner = ?, lease_until = ?
       WHERE paused_reason IS NULL AND (lease_owner IS NULL OR lease_owner <> ? OR lease_until <= ?)
         AND (id IN (SELECT value FROM json_each(?)) OR pipeline_id IN (SELECT value FROM json_each(?)))
       RETURNING *`,
      options.owner,
      now + options.leaseMs,
      options.owner,
      now,
      JSON.stringify(ids),
      JSON.stringify(pipelines),
    );
  });

  const claimMilestone = db.transaction((key: MilestoneKey, now: number, staleBefore: number): MilestoneClaim => {
    const inserted = prepared(
      `INSERT INTO milestones (watch_id, run_key, milestone_key, status, updated_at) VALUES (?, ?, ?, 'sending', ?)
         ON CONFLICT DO NOTHING`,
    ).run(key.watchId, key.runKey, key.key, now).changes;
    if (inserted === 1) return 'claimed';
    const retaken = prepared(
      `UPDATE milestones SET updated_at = ?
         WHERE watch_id = ? AND run_key = ? AND milestone_key = ? AND status = 'sending' AND updated_at <= ?`,
    ).run(now, key.watchId, key.runKey, key.key, staleBefore).changes;
    if (retaken === 1) return 'claimed';
    const row = one(
      'SELECT status FROM milestones WHERE watch_id = ? AND run_key = ? AND milestone_key = ?',
      key.watchId,
      key.runKey,
      key.key,
    );
    return (row?.status as MilestoneClaim | undefined) ?? 'claimed';
  });

  return {
    dialect: 'sqlite',
    seenRequests: null,
    accountLinks: createAccountLinkStore(runSql),
    ping: async () => {
      one('SELECT 1');
    },
    close: async () => {
      db.close();
    },
    addWatch: async (input: NewWatch) => {
      const row = one(
        `INSERT INTO watches (team_id, channel_id, pipeline_id, filter, created_by, created_at, next_poll_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (team_id, channel_id, pipeline_id) DO NOTHING RETURNING *`,
        input.teamId,
        input.channelId,
        input.pipelineId,
        input.filter,
        input.createdBy,
        input.now.getTime(),
        input.nextPollAt.getTime(),
      );
      if (row) return { watch: rowToWatch(row), created: true };
      const existing = one(
        'SELECT * FROM watches WHERE team_id = ? AND channel_id = ? AND pipeline_id = ?',
        input.teamId,
        input.channelId,
        input.pipelineId,
      );
      if (!existing) throw new Error('watch vanished while being added');
      return { watch: rowToWatch(existing), created: false };
    },
    getWatch: async (id) => {
      const row = one('SELECT * FROM watches WHERE id = ?', id);
      return row ? rowToWatch(row) : null;
    },
    findWatch: async (teamId, channelId, pipelineId) => {
      const row = one(
        'SELECT * FROM watches WHERE team_id = ? AND channel_id = ? AND pipeline_id = ?',
        teamId,
        channelId,
        pipelineId,
      );
      return row ? rowToWatch(row) : null;
    },
    listWatches: async (teamId, channelId) =>
      all('SELECT * FROM watches WHERE team_id = ? AND channel_id = ? ORDER BY id', teamId, channelId).map(rowToWatch),
    updateFilter: async (id: number, filter: WatchFilter, now: Date) => {
      prepared(
        `UPDATE watches SET filter = ?, paused_reason = NULL, paused_at = NULL,
         next_poll_at = MIN(next_poll_at, ?) WHERE id = ?`,
      ).run(filter, now.getTime(), id);
    },
    removeWatch: async (teamId, channelId, pipelineId) =>
      prepared('DELETE FROM watches WHERE team_id = ? AND channel_id = ? AND pipeline_id = ?').run(
        teamId,
        channelId,
        pipelineId,
      ).changes > 0,
    countWatches: async () => Number(one('SELECT COUNT(*) AS n FROM watches')?.n ?? 0),
    listTeamWatches: async (teamId, limit) =>
      all('SELECT * FROM watches WHERE team_id = ? ORDER BY id LIMIT ?', teamId, limit).map(rowToWatch),
    ...reviewReminderLedger('sqlite', runSql),
    claimDue: async (options) => rowsToWatches(claim(options)),
    claimWatch: async (options) => {
      const now = options.now.getTime();
      const row = one(
        `UPDATE watches SET lease_owner = ?, lease_until = ?
         WHERE id = ? AND paused_reason IS NULL AND (lease_owner IS NULL OR lease_owner <> ? OR lease_until <= ?)
         RETURNING *`,
        options.owner,
        now + options.leaseMs,
        options.watchId,
        options.owner,
        now,
      );
      return row ? rowToWatch(row) : null;
    },
    saveProgress: async (owner, rows) => (rows.length === 0 ? 0 : saveMany(owner, rows)),
    recordCard: async (owner: string, id: number, card: CardReference) =>
      prepared(
        `UPDATE watches SET card_channel = ?, card_ts = ?, run_key = ?, fingerprint = ?, summary_json = ?,
         pending_json = NULL, card_closed = NULL WHERE id = ? AND lease_owner = ?`,
      ).run(card.cardChannel, card.cardTs, card.runKey, card.fingerprint, card.baselineJson, id, owner).changes > 0,
    claimMilestone: async (key, now, staleBefore) => claimMilestone(key, now.getTime(), staleBefore.getTime()),
    getMilestone: async (key): Promise<MilestoneRecord | null> => {
      const row = one(
        'SELECT * FROM milestones WHERE watch_id = ? AND run_key = ? AND milestone_key = ?',
        key.watchId,
        key.runKey,
        key.key,
      );
      return row ? rowToMilestone(row) : null;
    },
    markMilestone: async (key, outcome, now) => {
      prepared(
        `UPDATE milestones SET status = ?, message_ts = ?, thread_ts = ?, updated_at = ?
         WHERE watch_id = ? AND run_key = ? AND milestone_key = ?`,
      ).run(
        outcome.status,
        outcome.status === 'sent' ? outcome.messageTs : null,
        outcome.status === 'sent' ? outcome.threadTs : null,
        now.getTime(),
        key.watchId,
        key.runKey,
        key.key,
      );
    },
    releaseMilestone: async (key) => {
      prepared(
        `DELETE FROM milestones WHERE watch_id = ? AND run_key = ? AND milestone_key = ? AND status = 'sending'`,
      ).run(key.watchId, key.runKey, key.key);
    },
    pruneMilestones: async (watchId, keepRunKey) => {
      prepared('DELETE FROM milestones WHERE watch_id = ? AND run_key <> ?').run(watchId, keepRunKey);
    },
  } satisfies WatchStore;
}
