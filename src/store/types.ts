/**
 * What the watch feature keeps between cycles, restarts and replicas: the watches (one row per channel ×
 * pipeline, with the card reference, the diff baseline and the poll schedule) and the milestones posted for each
 * run (the idempotency keys that keep a retry from posting twice). Times are `Date`s here, UTC epoch milliseconds
 * in the database.
 */

import type { WatchFilter } from '../domain/watch-filter.js';
import type { AccountLinkStore } from './account-links.js';
import type { ReviewReminderClaim } from './review-reminders.js';

export { WATCH_FILTERS } from '../domain/watch-filter.js';
export type { ReviewReminderClaim } from './review-reminders.js';
export type { WatchFilter };

/** Why a watch stopped polling: a Slack error that will not go away by itself. */
export type PauseReason = 'channel_not_found' | 'not_in_channel' | 'is_archived' | (string & {});

/**
 * How the card of a run was closed when a newer run started before its end was seen: `edited` (it says so; its
 * thread note may still be owed) or `card_gone` (it was found deleted: no thread to note it in).
 */
export type CardClosed = 'edited' | 'card_gone';

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
  /** JSON of the last run state whose milestones have all been handled: the diff baseline. */
  baselineJson: string | null;
  /**
   * What the card's run still owes its card and thread, kept for when a new run starts before it is paid: the
   * last state seen of the run while its milestones are not all handled, with that state's card while the edit
   * is not done. `null` when the card and the thread are up to date.
   */
  pendingJson: string | null;
  /** Set once the card is closed as superseded by a newer run; `null` while it is the run's card. */
  cardClosed: CardClosed | null;
  pausedReason: PauseReason | null;
  pausedAt: Date | null;
  /** Consecutive failed reads of the pipeline, for the back-off. */
  errorStreak: number;
  errorSince: Date | null;
  /** Whether the "cannot read the pipeline" note of the current error streak is in the thread. */
  errorNoted: boolean;
  nextPollAt: Date;
  leaseOwner: string | null;
  leaseUntil: Date | null;
  /** Key of the last review reminder handled, so an overdue review is looked up once, not every cycle. */
  remindedKey: string | null;
}

/** A watch to add. */
export interface NewWatch {
  teamId: string;
  channelId: string;
  pipelineId: string;
  filter: WatchFilter;
  createdBy: string | null;
  now: Date;
  nextPollAt: Date;
}

/** The fields a cycle writes back (the row's identity, filter and creator are never rewritten). */
export type WatchProgress = Pick<
  WatchRecord,
  | 'id'
  | 'cardChannel'
  | 'cardTs'
  | 'runKey'
  | 'fingerprint'
  | 'baselineJson'
  | 'pendingJson'
  | 'cardClosed'
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
  baselineJson: string | null;
}

/** Who claims due watches, when, for how long, and how many. */
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

/** The idempotency key of a post: the watch, the run, and the post's name within the run. */
export interface MilestoneKey {
  watchId: number;
  runKey: string;
  key: string;
}

/** A post's key with how far it got. */
export interface MilestoneRecord extends MilestoneKey {
  status: MilestoneStatus;
  /** The message's own ts once sent (for a card, the card's ts). */
  messageTs: string | null;
  threadTs: string | null;
  updatedAt: Date;
}

/** `claimed`: this caller recorded `sending` and must post; otherwise the status someone else left. */
export type MilestoneClaim = 'claimed' | MilestoneStatus;

/**
 * The persistence the watch feature needs; SQLite and PostgreSQL pass the same contract tests. A watch's card and
 * progress have one writer: the cycle holding the watch's lease (`claimDue` / `claimWatch`); `recordCard` and
 * `saveProgress` write nothing for an owner that no longer holds it.
 */
export interface WatchStore {
  readonly dialect: 'sqlite' | 'postgres';
  /** PostgreSQL: the Slack requests every replica has accepted (replays refused across replicas); SQLite: `null`. */
  readonly seenRequests: SeenRequestLedger | null;
  /** Linked Huawei accounts (./account-links.ts), in the same database. */
  readonly accountLinks: AccountLinkStore;
  /** Throws when the database cannot answer. */
  ping(): Promise<void>;
  close(): Promise<void>;

  /** Inserts a watch, or returns the existing one for the same team, channel and pipeline. */
  addWatch(input: NewWatch): Promise<{ watch: WatchRecord; created: boolean }>;
  /** The watch with this id, or `null`. */
  getWatch(id: number): Promise<WatchRecord | null>;
  /** The watch of this team, channel and pipeline, or `null`. */
  findWatch(teamId: string, channelId: string, pipelineId: string): Promise<WatchRecord | null>;
  /** A channel's watches, oldest first. */
  listWatches(teamId: string, channelId: string): Promise<WatchRecord[]>;
  /** Changes the filter; also lifts a pause and makes the watch due at `now`. */
  updateFilter(id: number, filter: WatchFilter, now: Date): Promise<void>;
  /** Deletes the watch and its milestones; `false` when there was none. */
  removeWatch(teamId: string, channelId: string, pipelineId: string): Promise<boolean>;
  /** How many watches there are. */
  countWatches(): Promise<number>;
  /** A workspace's watches in every channel, oldest first, at most `limit` (App Home, a review's threads). */
  listTeamWatches(teamId: string, limit: number): Promise<WatchRecord[]>;
  /**
   * Records that `claim.reviewer` is reminded of a review now: `true` when no reminder of it was recorded since
   * `remindAgainBefore` (the caller then sends it), `false` when one was — whoever (which replica) sent it.
   */
  claimReviewReminder(claim: ReviewReminderClaim): Promise<boolean>;
  /** Gives back `claim` (its DM was refused): the next click reminds again. Leaves a later claim alone. */
  releaseReviewReminder(claim: ReviewReminderClaim): Promise<void>;

  /**
   * Leases due, unpaused, unleased watches (oldest due first) to `owner`, with every other free watch of the same
   * pipelines, so one read of a pipeline serves them all. PostgreSQL: `FOR UPDATE SKIP LOCKED`, so replicas never
   * block or double-claim. SQLite: one process owns the file, so another owner's lease is void at once.
   */
  claimDue(options: ClaimOptions): Promise<WatchRecord[]>;
  /**
   * Leases one watch to `owner` whether it is due or not, under the same rules as `claimDue`; `null` when it is
   * paused, gone, or leased (PostgreSQL: by anyone; SQLite: by `owner` itself).
   */
  claimWatch(options: Omit<ClaimOptions, 'limit'> & { watchId: number }): Promise<WatchRecord | null>;
  /** Writes a cycle's results and releases the leases; rows no longer leased by `owner` are left alone. */
  saveProgress(owner: string, rows: WatchProgress[]): Promise<number>;
  /**
   * Stores the card of a run the moment it is posted (a crash before `saveProgress` must not forget it) and clears
   * what an earlier card's run still owed; only while `owner` holds the lease. `false`: it did not.
   */
  recordCard(owner: string, id: number, card: CardReference): Promise<boolean>;

  /**
   * Records `sending` for a new key, or takes over a `sending` left before `staleBefore` (a crash): then the caller
   * posts. Otherwise reports the status already recorded.
   */
  claimMilestone(key: MilestoneKey, now: Date, staleBefore: Date): Promise<MilestoneClaim>;
  /** The recorded milestone, or `null`. */
  getMilestone(key: MilestoneKey): Promise<MilestoneRecord | null>;
  /** Records how a claimed key's post ended: `sent` with its ts, or `unconfirmed` (no answer: never resent). */
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

/** Signed Slack requests accepted by any process on the database, each kept until it expires. */
export interface SeenRequestLedger {
  /** Records `signature` until `expiresAtMs`: `true` when no unexpired record of it existed (a first sighting). */
  recordFirstSighting(signature: string, expiresAtMs: number, nowMs: number): Promise<boolean>;
  /** Deletes up to a bounded batch of records expired at `nowMs`; how many it deleted. */
  sweepExpired(nowMs: number): Promise<number>;
}
