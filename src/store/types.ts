/**
 * What the watch feature keeps between cycles, restarts and replicas: the watches (one row per channel ×
 * pipeline, with the card reference, the last seen state and the poll schedule) and the milestones posted for
 * each run (the idempotency keys that keep a retry from posting twice). Times are `Date`s here, UTC epoch
 * milliseconds in the database.
 */

import type { WatchFilter } from '../domain/watch-filter.js';

export { WATCH_FILTERS } from '../domain/watch-filter.js';
export type { WatchFilter };

/** Why a watch stopped polling: a Slack error that will not go away by itself. */
export type PauseReason = 'channel_not_found' | 'not_in_channel' | 'is_archived' | (string & {});

/** One channel watching one pipeline. */
export interface WatchRecord {
  id: number;
  teamId: string;
  channelId: string;
  pipelineId: string;
  filter: WatchFilter;
  createdBy: string | null;
  createdAt: Date;
  /** Where the live card of the current run is; `null` until it has been posted. */
  cardChannel: string | null;
  cardTs: string | null;
  /** The run the card shows (`summary.runKey`). */
  runKey: string | null;
  /** Fingerprint of the state the card shows; an unchanged fingerprint means no `chat.update`. */
  fingerprint: string | null;
  /** JSON of the last state whose milestones have all been handled (the diff baseline). */
  summaryJson: string | null;
  /**
   * What the card's run still owes its card and thread, kept for when a new run starts before it is paid: the
   * last state seen of the run while its milestones are not all handled, with that state's card while the edit
   * is not done. `null` when the card and the thread are up to date.
   */
  pendingJson: string | null;
  pausedReason: PauseReason | null;
  pausedAt: Date | null;
  /** Consecutive SWR failures, for the back-off. */
  errorStreak: number;
  errorSince: Date | null;
  /** Whether the "SWR unreachable" note of the current error streak is in the thread. */
  errorNoted: boolean;
  nextPollAt: Date;
  leaseOwner: string | null;
  leaseUntil: Date | null;
  /** Key of the last review reminder handled, so an overdue review is looked up once, not every cycle. */
  remindedKey: string | null;
}

export interface NewWatch {
  teamId: string;
  channelId: string;
  pipelineId: string;
  filter: WatchFilter;
  createdBy: string | null;
  now: Date;
  nextPollAt: Date;
}

/**
 * The fields a poller writes back after a cycle (the row's identity, filter and creator are never rewritten).
 * The card reference (`cardChannel`, `cardTs`, `runKey`) names the card the rest is about; `recordCard` alone
 * writes it.
 */
export type WatchProgress = Pick<
  WatchRecord,
  | 'id'
  | 'cardChannel'
  | 'cardTs'
  | 'runKey'
  | 'fingerprint'
  | 'summaryJson'
  | 'pendingJson'
  | 'pausedReason'
  | 'pausedAt'
  | 'errorStreak'
  | 'errorSince'
  | 'errorNoted'
  | 'nextPollAt'
  | 'remindedKey'
>;

/** The card of a run, written as soon as it is posted so a crash cannot forget it; nothing is pending on it yet. */
export interface CardReference {
  cardChannel: string;
  cardTs: string;
  runKey: string;
  fingerprint: string | null;
  summaryJson: string | null;
}

export interface ClaimOptions {
  /** This process's id; written as the lease owner. */
  owner: string;
  now: Date;
  /** How long the claim holds; a dead owner's watches are free again after it. */
  leaseMs: number;
  /** Most due watches per claim (siblings on the same pipeline come along beyond it). */
  limit: number;
}

/** `sending`: recorded before the post; `sent`: Slack confirmed it; `unconfirmed`: a timeout left it unknown. */
export type MilestoneStatus = 'sending' | 'sent' | 'unconfirmed';

export interface MilestoneKey {
  watchId: number;
  runKey: string;
  key: string;
}

export interface MilestoneRecord extends MilestoneKey {
  status: MilestoneStatus;
  /** The message's own ts once sent (for a card, the card's ts). */
  messageTs: string | null;
  threadTs: string | null;
  updatedAt: Date;
}

/** `claimed`: this caller recorded `sending` and must post; otherwise the status someone else left. */
export type MilestoneClaim = 'claimed' | MilestoneStatus;

/** The persistence the watch feature needs; SQLite and PostgreSQL pass the same contract tests. */
export interface SubscriptionStore {
  readonly dialect: 'sqlite' | 'postgres';
  /** Throws when the database cannot answer. */
  ping(): Promise<void>;
  close(): Promise<void>;

  /** Inserts a watch, or returns the existing one for the same team, channel and pipeline. */
  addWatch(input: NewWatch): Promise<{ watch: WatchRecord; created: boolean }>;
  getWatch(id: number): Promise<WatchRecord | null>;
  findWatch(teamId: string, channelId: string, pipelineId: string): Promise<WatchRecord | null>;
  /** A channel's watches, oldest first. */
  listWatches(teamId: string, channelId: string): Promise<WatchRecord[]>;
  /** Changes the filter; also lifts a pause and makes the watch due at `now`. */
  updateFilter(id: number, filter: WatchFilter, now: Date): Promise<void>;
  /** Deletes the watch and its milestones; `false` when there was none. */
  removeWatch(teamId: string, channelId: string, pipelineId: string): Promise<boolean>;
  countWatches(): Promise<number>;

  /**
   * Leases due, unpaused, unleased watches (oldest due first) to `owner`, with every other free watch of the same
   * pipelines, so one SWR request serves them all. PostgreSQL: `FOR UPDATE SKIP LOCKED`, so replicas never block
   * or double-claim.
   */
  claimDue(options: ClaimOptions): Promise<WatchRecord[]>;
  /**
   * Writes a cycle's results and releases the leases; rows no longer leased by `owner` are left alone. The card
   * reference is never written here, and what a row says of its card (fingerprint, baseline, pending) only while
   * it still shows the card the progress names: a card recorded meanwhile (the watch service posting a new
   * watch's card while a cycle holds the row) wins over the stale view the cycle claimed.
   */
  saveProgress(owner: string, rows: WatchProgress[]): Promise<number>;
  /**
   * Stores the card of a run at once (whoever holds the row): the reference must survive a crash. Clears what
   * an earlier card's run still owed.
   */
  recordCard(id: number, card: CardReference): Promise<void>;

  /**
   * Records `sending` for a new key, or takes over a `sending` left before `staleBefore` (a crash): then the caller
   * posts. Otherwise reports the status already recorded.
   */
  claimMilestone(key: MilestoneKey, now: Date, staleBefore: Date): Promise<MilestoneClaim>;
  /** The recorded milestone, or `null`. */
  getMilestone(key: MilestoneKey): Promise<MilestoneRecord | null>;
  markMilestone(
    key: MilestoneKey,
    outcome: { status: 'sent'; messageTs: string; threadTs: string | null } | { status: 'unconfirmed' },
    now: Date,
  ): Promise<void>;
  /** Forgets a key whose post certainly did not happen (a 429, a refused call), so a later cycle retries it. */
  releaseMilestone(key: MilestoneKey): Promise<void>;
  /** Deletes a watch's milestones of every run but `keepRunKey`. */
  pruneMilestones(watchId: number, keepRunKey: string): Promise<void>;
}
