/** What the Slack listeners need from the rest of the bot, passed in by `src/app.ts` (no listener builds its own). */

import type { AuditTrail } from '../access/audit.js';
import type { Gate, Workspace } from '../access/gate.js';
import type { People } from '../access/people.js';
import type { AccountLinks } from '../accounts/account-store.js';
import type { LinkMethod } from '../accounts/linked-accounts.js';
import type { PipelineBackend } from '../domain/backend.js';
import type { CredentialProver } from '../domain/credential-proof.js';
import type { Locale } from '../domain/locale.js';
import type { PipelineId } from '../domain/pipeline-id.js';
import type { TeamWatch } from '../domain/team-watch.js';
import type { WatchFilter } from '../domain/watch-filter.js';
import type { Logger } from '../log.js';
import type { SlackMessage } from '../render/types.js';
import type { SlackWebApi } from '../slack-api/web-api.js';
import type { LookupLimiter } from './lookup-limit.js';

/**
 * The watch feature as the listeners use it (`createWatchService` in src/watch/ satisfies it). Each call answers
 * with the confirmation the user sees.
 */
export interface WatchCommands {
  watch(input: {
    teamId: string;
    channelId: string;
    pipelineId: PipelineId;
    filter: WatchFilter;
    userId: string;
  }): Promise<SlackMessage>;
  unwatch(input: { teamId: string; channelId: string; pipelineId: PipelineId; userId: string }): Promise<SlackMessage>;
  list(input: { teamId: string; channelId: string }): Promise<SlackMessage>;
  /**
   * This workspace's watches in every channel (at most `limit`): the threads a review taken from Slack is noted
   * in, and App Home's lists.
   */
  teamWatches(input: { teamId: string; limit: number }): Promise<TeamWatch[]>;
  /** Who started the watch: a user id, `null` when unknown, `undefined` when the channel does not watch it. */
  startedBy(input: { teamId: string; channelId: string; pipelineId: PipelineId }): Promise<string | null | undefined>;
}

/** The record of review reminders sent (the store's `review_reminders`): one DM per reviewer per review per window. */
export interface ReviewReminderLedger {
  /** `true` when no reminder was recorded since `remindAgainBefore` (it is recorded now: send it). */
  claimReviewReminder(claim: ReviewReminderClaimInput): Promise<boolean>;
  /** Gives back a claim whose DM Slack refused, so the next click tries again. */
  releaseReviewReminder(claim: ReviewReminderClaimInput): Promise<void>;
}

/** One reviewer to remind of one review (the run key and the backend's ref as `reviewRef`). */
export interface ReviewReminderClaimInput {
  teamId: string;
  pipelineId: string;
  reviewRef: string;
  reviewer: string;
  now: Date;
  remindAgainBefore: Date;
}

/** Everything a listener may use. */
export interface SlackDeps {
  backend: PipelineBackend;
  /** The bot's one Web API client (../slack-api/web-api.ts); Bolt's own client is never used by listeners. */
  slack: SlackWebApi;
  /** One audit line per share, watch, unwatch, review action and refusal (../access/audit.ts). */
  audit: AuditTrail;
  /** Every request passes it first (../access/gate.ts). */
  gate: Gate;
  /** Who people are (who created a channel: it may stop the channel's watches). */
  people: People;
  /** The workspace the bot serves (watches are its own, whichever workspace of a Grid organisation asks). */
  workspace: Workspace;
  /** Who was reminded of which review, across restarts and replicas. */
  reminders: ReviewReminderLedger;
  /** `REVIEW_REMINDER_MINUTES`: a reviewer is reminded of one review at most once per this many minutes. */
  reviewReminderMinutes: number;
  /** `null` when the watch feature is not wired: the listeners then say so instead of failing. */
  watches: WatchCommands | null;
  logger: Logger;
  locale: Locale;
  /** `SLACK_USER_MAP`: the backend's user name → Slack user id, the fallback for reviewers who never linked. */
  mentions: Record<string, string>;
  /**
   * Who reviewers are in Slack now: `mentions` with the linked accounts over it — what watch cards mention, and
   * so what a card posted to a person (the reminder DM) mentions too.
   */
  currentMentions: () => Promise<Record<string, string>>;
  /** Linking Huawei accounts (`/pipeline login`): the links, how a credential is proven, the methods offered. */
  linking: LinkingDeps;
  now: () => Date;
  /** Each person's pace of pipeline lookups (./lookup-limit.ts). */
  lookups: LookupLimiter;
  /** After this long without the API's answer the user first sees "still waiting…" (Slack users give up near 3 s). */
  waitingAfterMs: number;
}

/** What linking accounts needs; `accounts.enabled` is `false` (and `prover` may be `null`) when linking is off. */
export interface LinkingDeps {
  accounts: AccountLinks;
  prover: CredentialProver | null;
  methods: LinkMethod[];
}
