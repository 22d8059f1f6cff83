import { REVIEW_REMINDERS_DDL } from './review-reminders.js';

/**
 * The schema, as one ordered list of migrations shared by SQLite and PostgreSQL. Only the few types that differ
 * are filled in per dialect; everything else is the same SQL. Times are UTC epoch milliseconds (BIGINT).
 */

export type Dialect = 'sqlite' | 'postgres';

/** One step of the schema. */
export interface Migration {
  version: number;
  name: string;
  /** Statements, run in order inside one transaction. */
  up(dialect: Dialect): string[];
}

const idColumn = (dialect: Dialect): string =>
  dialect === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'BIGSERIAL PRIMARY KEY';

/** Every migration, oldest first. Never edit one that has shipped: add the next. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'watches and milestones',
    up: (dialect) => [
      `CREATE TABLE watches (
        id ${idColumn(dialect)},
        team_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        pipeline_id TEXT NOT NULL,
        filter TEXT NOT NULL,
        created_by TEXT,
        created_at BIGINT NOT NULL,
        card_channel TEXT,
        card_ts TEXT,
        run_key TEXT,
        fingerprint TEXT,
        summary_json TEXT,
        paused_reason TEXT,
        paused_at BIGINT,
        error_streak INTEGER NOT NULL DEFAULT 0,
        error_since BIGINT,
        error_noted INTEGER NOT NULL DEFAULT 0,
        next_poll_at BIGINT NOT NULL,
        lease_owner TEXT,
        lease_until BIGINT,
        reminded_key TEXT,
        UNIQUE (team_id, channel_id, pipeline_id)
      )`,
      'CREATE INDEX watches_due ON watches (next_poll_at, pipeline_id)',
      'CREATE INDEX watches_pipeline ON watches (pipeline_id)',
      `CREATE TABLE milestones (
        watch_id BIGINT NOT NULL REFERENCES watches (id) ON DELETE CASCADE,
        run_key TEXT NOT NULL,
        milestone_key TEXT NOT NULL,
        status TEXT NOT NULL,
        message_ts TEXT,
        thread_ts TEXT,
        updated_at BIGINT NOT NULL,
        PRIMARY KEY (watch_id, run_key, milestone_key)
      )`,
    ],
  },
  {
    version: 2,
    name: 'what a run still owes its card and thread',
    up: () => ['ALTER TABLE watches ADD COLUMN pending_json TEXT'],
  },
  {
    version: 3,
    name: 'a closed card has its own column instead of a marker in the fingerprint',
    // Version 2 kept a card closed as superseded as the fingerprint `superseded` (or `superseded:card-gone` when
    // the card was found deleted). No state's fingerprint looks like either, so the markers move over as they are.
    up: () => [
      'ALTER TABLE watches ADD COLUMN card_closed TEXT',
      "UPDATE watches SET card_closed = 'edited', fingerprint = NULL WHERE fingerprint = 'superseded'",
      "UPDATE watches SET card_closed = 'card_gone', fingerprint = NULL WHERE fingerprint = 'superseded:card-gone'",
    ],
  },
  {
    version: 4,
    name: 'linked Huawei accounts (credentials sealed, see src/accounts/sealing.ts)',
    up: () => [
      `CREATE TABLE account_links (
        team_id TEXT NOT NULL,
        slack_user_id TEXT NOT NULL,
        huawei_user TEXT NOT NULL,
        huawei_user_id TEXT,
        huawei_domain TEXT NOT NULL,
        method TEXT NOT NULL,
        sealed_credential TEXT NOT NULL,
        expires_at BIGINT,
        linked_at BIGINT NOT NULL,
        UNIQUE (team_id, slack_user_id)
      )`,
      'CREATE INDEX account_links_huawei_user ON account_links (team_id, huawei_user)',
      // CodeArts names a review's approvers by IAM user id: reminders and mentions look links up by it too.
      'CREATE INDEX account_links_huawei_user_id ON account_links (team_id, huawei_user_id)',
    ],
  },
  {
    version: 5,
    name: 'who was reminded of which review, so a restart or a second replica does not remind twice',
    up: () => [REVIEW_REMINDERS_DDL],
  },
  {
    version: 6,
    name: 'signed Slack requests seen, shared by replicas to refuse replays',
    // PostgreSQL only: SQLite serves one process, whose own memory catches every replay (src/slack/replay-memory.ts).
    up: (dialect) =>
      dialect === 'sqlite'
        ? []
        : [
            'CREATE TABLE slack_request_seen (signature TEXT PRIMARY KEY, expires_at BIGINT NOT NULL)',
            'CREATE INDEX slack_request_seen_expiry ON slack_request_seen (expires_at)',
          ],
  },
  {
    version: 7,
    name: 'watches rewritten by every cycle keep their ~2 KB state out of line and room for in-page updates',
    // PostgreSQL only (SQLite has no such settings). Every cycle updates each watch row twice (its lease, then its
    // schedule); with the state inline each update copied it whole: 47.5 MB of WAL per idle cycle of 10,000
    // watches, 6.2 MB with the state in TOAST (an unchanged value is not copied) and free room in each page for
    // HOT updates (docs/FINDINGS.md §4). Rows move over as they are next updated; nothing is rewritten now.
    up: (dialect) =>
      dialect === 'sqlite'
        ? []
        : [
            'ALTER TABLE watches SET (fillfactor = 70, toast_tuple_target = 128)',
            'ALTER TABLE watches ALTER COLUMN summary_json SET STORAGE EXTERNAL',
            'ALTER TABLE watches ALTER COLUMN pending_json SET STORAGE EXTERNAL',
          ],
  },
];

/** The table that records which migrations a database has. */
export const SCHEMA_MIGRATIONS_DDL = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at BIGINT NOT NULL
)`;
