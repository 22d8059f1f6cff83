/**
 * How a manual review reads: "1 of 3 approved · waiting on *alice*, *bob* · all must approve". Pending reviewers
 * are bold, or real Slack mentions when the user map knows them, so they cannot be missed. Where the API does not
 * tell votes (CodeArts), no tally is ever made up: "waiting on *alice*, *bob* · all must approve · times out in
 * 2 d 23 h → refused" while the review waits, and only "review passed" or "review refused" once it is over.
 */
import type { Locale } from '../domain/locale.js';
import { classOf } from '../domain/status.js';
import type { ReviewSummary } from '../domain/summary.js';
import { formatSpan, spanMs } from './durations.js';
import { fitEscaped } from './escape.js';
import { cardStrings } from './i18n.js';

const REVIEWER_NAME_MAX = 40;
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,30}$/;

/** How review text is written: locale, Slack ids for mentions, how many names per list. */
export interface ReviewTextOptions {
  locale: Locale;
  mentions?: Record<string, string> | undefined;
  /** How many names each list shows before "2 more". */
  maxNames: number;
  /** The clock, for how long a review has left before its timeout (without it, the timeout's length is said). */
  now?: Date | undefined;
}

/** A pending reviewer: `<@U…>` when mapped to a Slack user, else the escaped name in bold. */
export function pendingReviewer(name: string, mentions: Record<string, string> | undefined): string {
  const id = mentions && Object.hasOwn(mentions, name) ? mentions[name] : undefined;
  if (id !== undefined && SLACK_USER_ID.test(id)) return `<@${id}>`;
  const escaped = fitEscaped(name, REVIEWER_NAME_MAX);
  return escaped === '' ? '?' : `*${escaped}*`;
}

/** `names` joined in the locale's way, at most `max` of them, the rest as "2 more". */
export function nameList(names: readonly string[], max: number, locale: Locale, show: (n: string) => string): string {
  const s = cardStrings(locale);
  const shown = names.slice(0, Math.max(1, max)).map(show);
  const rest = names.length - shown.length;
  if (rest > 0) shown.push(s.andMore(rest));
  return shown.join(s.listJoin);
}

/** The review's mode in words; `null` when the stage does not say. */
export function reviewModeText(mode: string | null, locale: Locale): string | null {
  const s = cardStrings(locale);
  if (mode === null || mode === '') return null;
  if (mode === 'all') return s.modeAll;
  if (mode === 'any') return s.modeOne;
  return s.modeOther(fitEscaped(mode, 20));
}

/** The pending reviewers as the alert and the fallback text name them. */
export function waitingOnText(review: ReviewSummary, options: ReviewTextOptions): string {
  return nameList(review.pending, options.maxNames, options.locale, (n) => pendingReviewer(n, options.mentions));
}

/**
 * The whole tally of a review stage; `open` says whether the review is still running (only then are
 * undecided reviewers "waiting"). `''` when the stage lists no reviewers and has no results.
 */
export function reviewText(review: ReviewSummary, open: boolean, options: ReviewTextOptions): string {
  if (!review.votesKnown) return unknownVotesText(review, open, options);
  if (review.reviewers.length === 0) return '';
  const s = cardStrings(options.locale);
  const plain = (n: string) => fitEscaped(n, REVIEWER_NAME_MAX) || '?';
  const parts = [s.approvedOf(review.passed.length, review.reviewers.length)];
  if (open && review.pending.length > 0) parts.push(s.waitingOn(waitingOnText(review, options)));
  if (review.refused.length > 0) {
    parts.push(s.refusedBy(nameList(review.refused, options.maxNames, options.locale, plain)));
  }
  if (review.passed.length > 0) {
    parts.push(s.approvedBy(nameList(review.passed, options.maxNames, options.locale, plain)));
  }
  const mode = reviewModeText(review.mode, options.locale);
  if (mode !== null) parts.push(mode);
  return parts.join(' · ');
}

/** "times out in 2 d 23 h → refused" (from the review's start and `now`), or its length when either is unknown. */
export function timeoutText(review: ReviewSummary, options: ReviewTextOptions): string | null {
  if (review.timeout === null) return null;
  const s = cardStrings(options.locale);
  const outcome = s.onTimeout[review.timeout.onTimeout];
  const length = review.timeout.seconds * 1000;
  const waited = review.startTime && options.now ? spanMs(review.startTime, options.now) : null;
  if (waited === null) return s.timesOutAfter(formatSpan(length, options.locale), outcome);
  const left = length - waited;
  return left > 0 ? s.timesOutIn(formatSpan(left, options.locale), outcome) : s.timeoutDue(outcome);
}

/**
 * A review whose votes the API does not tell: its outcome once it is over; while it waits (and `open`), who it
 * waits on, its mode and its timeout; before it starts, who may decide. `''` when there is nothing true to say.
 */
export function unknownVotesText(review: ReviewSummary, open: boolean, options: ReviewTextOptions): string {
  const s = cardStrings(options.locale);
  const cls = review.status === null ? 'pending' : classOf(review.status);
  if (cls === 'succeeded') return s.reviewPassed;
  if (cls === 'failed') return s.reviewRefused;
  if (!open || (cls !== 'pending' && cls !== 'active')) return '';
  const waiting = cls === 'active' || review.status?.state === 'waiting';
  const plain = (n: string) => fitEscaped(n, REVIEWER_NAME_MAX) || '?';
  const parts: string[] = [];
  if (waiting && review.pending.length > 0) parts.push(s.waitingOn(waitingOnText(review, options)));
  else if (review.reviewers.length > 0) {
    parts.push(s.reviewersAre(nameList(review.reviewers, options.maxNames, options.locale, plain)));
  }
  const mode = reviewModeText(review.mode, options.locale);
  if (mode !== null) parts.push(mode);
  const timeout = timeoutText(review, waiting ? options : { ...options, now: undefined });
  if (timeout !== null) parts.push(timeout);
  return parts.join(' · ');
}
