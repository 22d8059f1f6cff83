/**
 * The vocabulary of a watch cycle: what it observed, the actions a plan lists (./cycle-plan.ts), and the plan
 * itself. Actions are data: a plan can be compared with `toEqual`, and the executor (./cycle-executor.ts) is the
 * only code that turns them into Slack calls. Each action's outcome is applied by ./cycle-outcome.ts.
 */
import type { BackendKind } from '../domain/backend.js';
import type { Locale } from '../domain/locale.js';
import type { SlackMessage } from '../render/types.js';
import type { WatchProgress } from '../store/types.js';
import type { ObservedRun } from './observed-run.js';
import type { ScheduleSettings } from './schedule.js';

/** What a cycle saw of its pipeline: the run, or the error reading it failed with. */
export type Observation = { kind: 'run'; run: ObservedRun } | { kind: 'read_failed'; error: unknown };

/** Everything a plan depends on besides the watch and the observation. */
export interface PlanSettings extends ScheduleSettings {
  locale: Locale;
  mentions: Record<string, string> | undefined;
  backend: BackendKind;
  /** `REVIEW_REMINDER_MINUTES` in ms. */
  reviewReminderMs: number;
  /** A read-error streak this old gets its one note in the thread. */
  errorNoteAfterMs: number;
}

/**
 * Posts a run's card at the top of the watch's channel, at most once per key, and makes it the watch's card:
 * recorded at once, with `fingerprint` (what it shows) and `baselineJson` (where its thread's story starts).
 */
export interface PostCard {
  kind: 'post_card';
  runKey: string;
  /** `card` for a run's card; `card:<ts>` for one replacing the deleted card `<ts>` (a retry cannot post two). */
  key: string;
  message: SlackMessage;
  fingerprint: string;
  baselineJson: string | null;
  /** A new run's card: once it is up, the milestone keys of earlier runs are pruned. */
  newRun: boolean;
}

/** Edits the run's own card to show the state it now has; if the card was deleted, `ifDeleted` replaces it. */
export interface EditCard {
  kind: 'edit_card';
  channel: string;
  ts: string;
  message: SlackMessage;
  /** The fingerprint of the state `message` shows. */
  fingerprint: string;
  ifDeleted: PostCard;
}

/** An earlier run's last edit, owed since a 429 or the channel's pace put it off (`WatchRecord.pendingJson`). */
export interface FinalEdit {
  kind: 'final_edit';
  channel: string;
  ts: string;
  message: SlackMessage;
  /** What the card shows once edited, and what the run then still owes (its milestones, without the edit). */
  fingerprint: string;
  pendingJson: string;
}

/** Closes the card of a run last seen unfinished because a newer run started, then `note` says so in its thread. */
export interface CloseCard {
  kind: 'close_card';
  channel: string;
  ts: string;
  message: SlackMessage;
  note: ThreadPost;
}

/**
 * Posts a milestone, a review reminder or a note in the thread of the card the watch holds when it runs (for a
 * plan that posts a card first, that card), at most once per key.
 */
export interface ThreadPost {
  kind: 'post_in_thread';
  /** The idempotency key: the run it belongs to and its name within the run. */
  runKey: string;
  key: string;
  message: SlackMessage;
  /** Also shown in the channel (`reply_broadcast`). */
  broadcast: boolean;
}

/** Bookkeeping without a Slack call, made only if every action before it was carried out. */
export interface Remember {
  kind: 'remember';
  set: Partial<Omit<WatchProgress, 'id' | 'nextPollAt'>>;
}

/** One step of a cycle. */
export type CycleAction = PostCard | EditCard | FinalEdit | CloseCard | ThreadPost | Remember;

/** What a cycle is to do, in order, and when it looks again. */
export interface CyclePlan {
  actions: CycleAction[];
  /** The wait before the next look; a deferred action may bring it forward, a pause overrides it. */
  pollAfterMs: number;
  /** The run seen (not after a failed read): what it still owes is worked out from it at the end. */
  observed: ObservedRun | null;
}
