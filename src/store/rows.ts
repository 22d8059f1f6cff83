/** Conversions between database rows (snake_case, epoch ms) and the store's records (camelCase, `Date`). */
import type { CardClosed, MilestoneRecord, MilestoneStatus, WatchFilter, WatchProgress, WatchRecord } from './types.js';

/** A row as either driver returns it (pg's BIGINT comes back as a number through the pool's type parser). */
export type Row = Record<string, unknown>;

/**
 * Runs one statement written once for both dialects, with `$n` placeholders (the SQLite store rewrites them): the
 * rows it returns (none for a plain write) and how many rows it changed.
 */
export type SqlRunner = (sql: string, params: unknown[]) => Promise<{ rows: Row[]; changes: number }>;

/** A nullable TEXT column. */
export const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number => Number(v);
/** A nullable epoch-milliseconds column. */
export const date = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(Number(v)));
const cardClosed = (v: unknown): CardClosed | null => (v === 'edited' || v === 'card_gone' ? v : null);

/** The watch a row describes. */
export function rowToWatch(row: Row): WatchRecord {
  return {
    id: num(row.id),
    teamId: String(row.team_id),
    channelId: String(row.channel_id),
    pipelineId: String(row.pipeline_id),
    filter: String(row.filter) as WatchFilter,
    createdBy: str(row.created_by),
    createdAt: new Date(num(row.created_at)),
    cardChannel: str(row.card_channel),
    cardTs: str(row.card_ts),
    runKey: str(row.run_key),
    fingerprint: str(row.fingerprint),
    baselineJson: str(row.summary_json),
    pendingJson: str(row.pending_json),
    cardClosed: cardClosed(row.card_closed),
    pausedReason: str(row.paused_reason),
    pausedAt: date(row.paused_at),
    errorStreak: num(row.error_streak),
    errorSince: date(row.error_since),
    errorNoted: num(row.error_noted) === 1,
    nextPollAt: new Date(num(row.next_poll_at)),
    leaseOwner: str(row.lease_owner),
    leaseUntil: date(row.lease_until),
    remindedKey: str(row.reminded_key),
  };
}

/**
 * The watches a claim's rows describe. The watches of one pipeline mostly remember the same run, so an equal
 * `summary_json` or `pending_json` (kilobytes each) is kept once for all of them: the driver hands each row its own
 * copy, and the copies would otherwise live as long as the batch — long enough to be promoted to the old generation,
 * garbage there until a full collection (SQLite, 10,000 watches over 2,000 pipelines: 33 → 11 MB promoted a run).
 */
export function rowsToWatches(rows: readonly Row[]): WatchRecord[] {
  const first = new Map<string, WatchRecord>();
  return rows.map((row) => {
    const watch = rowToWatch(row);
    const sibling = first.get(watch.pipelineId);
    if (sibling === undefined) first.set(watch.pipelineId, watch);
    else {
      watch.baselineJson = sameText(watch.baselineJson, sibling.baselineJson);
      watch.pendingJson = sameText(watch.pendingJson, sibling.pendingJson);
    }
    return watch;
  });
}

/** `kept` when `text` has the same content (one string instead of two), else `text`. */
const sameText = (text: string | null, kept: string | null): string | null =>
  text !== null && text === kept ? kept : text;

/** The milestone a row describes. */
export function rowToMilestone(row: Row): MilestoneRecord {
  return {
    watchId: num(row.watch_id),
    runKey: String(row.run_key),
    key: String(row.milestone_key),
    status: String(row.status) as MilestoneStatus,
    messageTs: str(row.message_ts),
    threadTs: str(row.thread_ts),
    updatedAt: new Date(num(row.updated_at)),
  };
}

const ms = (d: Date | null): number | null => (d === null ? null : d.getTime());

/**
 * Every column `saveProgress` writes. The baseline lives in `summary_json`: the column keeps its shipped name
 * because renaming it would break a replica of the previous version still running during a rolling deploy.
 */
export const PROGRESS_COLUMNS = [
  'card_channel',
  'card_ts',
  'run_key',
  'fingerprint',
  'summary_json',
  'pending_json',
  'card_closed',
  'paused_reason',
  'paused_at',
  'error_streak',
  'error_since',
  'error_noted',
  'next_poll_at',
  'reminded_key',
] as const;
/** One of `PROGRESS_COLUMNS`. */
export type ProgressColumn = (typeof PROGRESS_COLUMNS)[number];

/** The values of `PROGRESS_COLUMNS` for one row, by column. */
export function progressValues(progress: WatchProgress): Record<ProgressColumn, string | number | null> {
  return {
    card_channel: progress.cardChannel,
    card_ts: progress.cardTs,
    run_key: progress.runKey,
    fingerprint: progress.fingerprint,
    summary_json: progress.baselineJson,
    pending_json: progress.pendingJson,
    card_closed: progress.cardClosed,
    paused_reason: progress.pausedReason,
    paused_at: ms(progress.pausedAt),
    error_streak: progress.errorStreak,
    error_since: ms(progress.errorSince),
    error_noted: progress.errorNoted ? 1 : 0,
    next_poll_at: progress.nextPollAt.getTime(),
    reminded_key: progress.remindedKey,
  };
}
