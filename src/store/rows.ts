/** Conversions between database rows (snake_case, epoch ms) and the store's records (camelCase, `Date`). */
import type { MilestoneRecord, MilestoneStatus, WatchFilter, WatchProgress, WatchRecord } from './types.js';

/** A row as either driver returns it (pg's BIGINT comes back as a number through the pool's type parser). */
export type Row = Record<string, unknown>;

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number => Number(v);
const date = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(Number(v)));

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
    summaryJson: str(row.summary_json),
    pendingJson: str(row.pending_json),
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

/** The card a progress row is about: matched against the row by `saveProgress`, never written by it. */
export const CARD_COLUMNS = ['card_channel', 'card_ts', 'run_key'] as const;
/** What a cycle learnt of that card: written only while the row still shows it (a newer `recordCard` wins). */
export const CARD_STATE_COLUMNS = ['fingerprint', 'summary_json', 'pending_json'] as const;
/** The rest of a cycle's results, written whatever the card. */
export const SCHEDULE_COLUMNS = [
  'paused_reason',
  'paused_at',
  'error_streak',
  'error_since',
  'error_noted',
  'next_poll_at',
  'reminded_key',
] as const;

/** Every column `saveProgress` reads from a progress row. */
export const PROGRESS_COLUMNS = [...CARD_COLUMNS, ...CARD_STATE_COLUMNS, ...SCHEDULE_COLUMNS] as const;
export type ProgressColumn = (typeof PROGRESS_COLUMNS)[number];

/** The values of `PROGRESS_COLUMNS` for one row, by column. */
export function progressValues(p: WatchProgress): Record<ProgressColumn, string | number | null> {
  return {
    card_channel: p.cardChannel,
    card_ts: p.cardTs,
    run_key: p.runKey,
    fingerprint: p.fingerprint,
    summary_json: p.summaryJson,
    pending_json: p.pendingJson,
    paused_reason: p.pausedReason,
    paused_at: ms(p.pausedAt),
    error_streak: p.errorStreak,
    error_since: ms(p.errorSince),
    error_noted: p.errorNoted ? 1 : 0,
    next_poll_at: p.nextPollAt.getTime(),
    reminded_key: p.remindedKey,
  };
}
