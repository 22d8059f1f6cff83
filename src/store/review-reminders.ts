/**
 * Who was reminded of which review, so Remind reviewers DMs a person at most once per review per window — across
 * restarts and replicas. One statement does the deciding: insert the (team, pipeline, review, reviewer) row if it
 * is absent, or take it over when its reminder is older than the window; the caller sends a DM only when a row was
 * written. SQLite and PostgreSQL both support `ON CONFLICT … DO UPDATE … WHERE`, so the SQL is the same, `$n`
 * placeholders and all (the stores' `SqlRunner`, as for account links), but for the row address the prune picks rows
 * by. Each claim first deletes a bounded batch of reminders older than the window (they decide nothing any more), so
 * the table holds about one window's reminders.
 */
import type { Dialect } from './migrations.js';
import type { SqlRunner } from './rows.js';

/** One reviewer to remind of one review. */
export interface ReviewReminderClaim {
  teamId: string;
  pipelineId: string;
  /** The review's identity: the run it belongs to and the backend's review ref. */
  reviewRef: string;
  /** The reviewer's name as the backend gives it. */
  reviewer: string;
  now: Date;
  /** A reminder sent before this is old enough to send again. */
  remindAgainBefore: Date;
}

/** The table (migration 5). */
export const REVIEW_REMINDERS_DDL = `CREATE TABLE review_reminders (
  team_id TEXT NOT NULL,
  pipeline_id TEXT NOT NULL,
  review_ref TEXT NOT NULL,
  reviewer TEXT NOT NULL,
  reminded_at BIGINT NOT NULL,
  PRIMARY KEY (team_id, pipeline_id, review_ref, reviewer)
)`;

/** The claim; its parameters are `reviewReminderParams`. */
const CLAIM_SQL = `INSERT INTO review_reminders (team_id, pipeline_id, review_ref, reviewer, reminded_at)
  VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (team_id, pipeline_id, review_ref, reviewer)
  DO UPDATE SET reminded_at = excluded.reminded_at WHERE review_reminders.reminded_at < $6`;

/**
 * Gives back a claim whose DM Slack refused: deletes the row this claim wrote (same key, `reminded_at` = the claim's
 * `now`), so the next click tries again; a row another click wrote since is left alone. Its parameters are the
 * claim's first five.
 */
const RELEASE_SQL = `DELETE FROM review_reminders
  WHERE team_id = $1 AND pipeline_id = $2 AND review_ref = $3 AND reviewer = $4 AND reminded_at = $5`;

/** Reminders older than the window deleted per claim: a bounded statement, however many piled up. */
export const REMINDER_PRUNE_BATCH = 100;

/** Deletes up to `REMINDER_PRUNE_BATCH` reminders sent before the window; its parameter is `remindAgainBefore`. */
function pruneReviewRemindersSql(dialect: Dialect): string {
  const row = dialect === 'postgres' ? 'ctid' : 'rowid';
  return `DELETE FROM review_reminders WHERE ${row} IN (
    SELECT ${row} FROM review_reminders WHERE reminded_at < $1 LIMIT ${REMINDER_PRUNE_BATCH})`;
}

/** The claim's parameters, in the statement's order. */
function reviewReminderParams(claim: ReviewReminderClaim): (string | number)[] {
  return [
    claim.teamId,
    claim.pipelineId,
    claim.reviewRef,
    claim.reviewer,
    claim.now.getTime(),
    claim.remindAgainBefore.getTime(),
  ];
}

/**
 * The ledger's calls (`WatchStore.claimReviewReminder`, `releaseReviewReminder`) over a dialect's statement runner:
 * one implementation for both stores.
 */
export function reviewReminderLedger(
  dialect: Dialect,
  run: SqlRunner,
): {
  claimReviewReminder(claim: ReviewReminderClaim): Promise<boolean>;
  releaseReviewReminder(claim: ReviewReminderClaim): Promise<void>;
} {
  const pruneSql = pruneReviewRemindersSql(dialect);
  return {
    claimReviewReminder: async (claim) => {
      await run(pruneSql, [claim.remindAgainBefore.getTime()]);
      return (await run(CLAIM_SQL, reviewReminderParams(claim))).changes > 0;
    },
    releaseReviewReminder: async (claim) => {
      await run(RELEASE_SQL, reviewReminderParams(claim).slice(0, 5));
    },
  };
}
