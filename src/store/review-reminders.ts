/**
 * Who was reminded of which review, so Remind reviewers DMs a person at most once per review per window — across
 * restarts and replicas. One statement does the deciding: insert the (team, pipeline, review, reviewer) row if it
 * is absent, or take it over when its reminder is older than the window; the caller sends a DM only when a row was
 * written. SQLite and PostgreSQL both support `ON CONFLICT … DO UPDATE … WHERE`, so the SQL is the same but for
 * its placeholders. Each claim first deletes a bounded batch of reminders older than the window (they decide
 * nothing any more), so the table holds about one window's reminders.
 */
import type { Dialect } from './migrations.js';

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

/** The claim statement in `dialect`; its parameters are `reviewReminderParams`. */
function claimReviewReminderSql(dialect: Dialect): string {
  const p = (n: number) => (dialect === 'postgres' ? `$${n}` : '?');
  return `INSERT INTO review_reminders (team_id, pipeline_id, review_ref, reviewer, reminded_at)
    VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)})
    ON CONFLICT (team_id, pipeline_id, review_ref, reviewer)
    DO UPDATE SET reminded_at = excluded.reminded_at WHERE review_reminders.reminded_at < ${p(6)}`;
}

/**
 * Gives back a claim whose DM Slack refused: deletes the row this claim wrote (same key, `reminded_at` = the claim's
 * `now`), so the next click tries again; a row another click wrote since is left alone. Parameters:
 * `releaseReviewReminderParams`.
 */
function releaseReviewReminderSql(dialect: Dialect): string {
  const p = (n: number) => (dialect === 'postgres' ? `$${n}` : '?');
  return `DELETE FROM review_reminders
    WHERE team_id = ${p(1)} AND pipeline_id = ${p(2)} AND review_ref = ${p(3)} AND reviewer = ${p(4)}
    AND reminded_at = ${p(5)}`;
}

/** The release's parameters, in the statement's order. */
function releaseReviewReminderParams(claim: ReviewReminderClaim): (string | number)[] {
  return reviewReminderParams(claim).slice(0, 5);
}

/** Reminders older than the window deleted per claim: a bounded statement, however many piled up. */
export const REMINDER_PRUNE_BATCH = 100;

/** Deletes up to `REMINDER_PRUNE_BATCH` reminders sent before the window; its parameter is `remindAgainBefore`. */
function pruneReviewRemindersSql(dialect: Dialect): string {
  const [row, p] = dialect === 'postgres' ? ['ctid', '$1'] : ['rowid', '?'];
  return `DELETE FROM review_reminders WHERE ${row} IN (
    SELECT ${row} FROM review_reminders WHERE reminded_at < ${p} LIMIT ${REMINDER_PRUNE_BATCH})`;
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
 * The ledger's calls (`WatchStore.claimReviewReminder`, `releaseReviewReminder`) over a dialect's statement runner,
 * which answers how many rows a statement wrote: one implementation for both stores.
 */
export function reviewReminderLedger(
  dialect: Dialect,
  run: (sql: string, params: (string | number)[]) => Promise<number>,
): {
  claimReviewReminder(claim: ReviewReminderClaim): Promise<boolean>;
  releaseReviewReminder(claim: ReviewReminderClaim): Promise<void>;
} {
  return {
    claimReviewReminder: async (claim) => {
      await run(pruneReviewRemindersSql(dialect), [claim.remindAgainBefore.getTime()]);
      return (await run(claimReviewReminderSql(dialect), reviewReminderParams(claim))) > 0;
    },
    releaseReviewReminder: async (claim) => {
      await run(releaseReviewReminderSql(dialect), releaseReviewReminderParams(claim));
    },
  };
}
