/**
 * Each person's pace of pipeline lookups: a token bucket per Slack user (a burst of `burst`, refilled at
 * `perSecond`), taken where a command, a click or the shortcut is about to read the backend. A person past it gets
 * one private sentence saying when to try again, the request log and the audit trail say `rate_limited`, and
 * nothing is fetched. One person's flood thus costs the backend at most `perSecond` lookups a second; the cap on
 * the bot's concurrent backend requests as a whole is the HTTP client's.
 *
 * Buckets are kept in memory, per process, and only while they matter: a bucket that has refilled is the same as
 * none, so it is dropped (swept at most every 10 s), and at most `maxUsers` are kept (the least recently used go
 * first), so neither many people nor forged user ids can grow it without bound.
 */
import type { Context } from '@slack/bolt';
import { renderNotice } from '../render/notice-message.js';
import type { SlackMessage } from '../render/types.js';
import type { SlackDeps } from './deps.js';
import type { ListenerRequest } from './listener.js';
import { setOutcome } from './middleware/request-log.js';

export interface LookupLimiterOptions {
  perSecond: number;
  burst: number;
  /** Most buckets kept at once (default 10,000). */
  maxUsers?: number;
  /** Milliseconds, monotonic; default `performance.now`. */
  clock?: () => number;
}

/** Per-person lookup buckets. */
export interface LookupLimiter {
  /** Takes one lookup for `userId`: `0` when allowed, else how many milliseconds until one is. */
  take(userId: string): number;
  /** Gives back the lookup just taken for `userId` (what it was spent on turned out not to count). */
  giveBack(userId: string): void;
  /** How many buckets it holds. */
  size(): number;
}

interface Bucket {
  tokens: number;
  atMs: number;
}

const SWEEP_EVERY_MS = 10_000;

/** A limiter of `burst` lookups at once, refilled at `perSecond`. */
export function createLookupLimiter(options: LookupLimiterOptions): LookupLimiter {
  const { perSecond, burst } = options;
  const maxUsers = options.maxUsers ?? 10_000;
  const clock = options.clock ?? (() => performance.now());
  const perMs = perSecond / 1000;
  // Map order is recency: a bucket is re-inserted on every take, so the first one is the least recently used.
  const buckets = new Map<string, Bucket>();
  let nextSweepMs = 0;
  const refilled = (bucket: Bucket, nowMs: number): number =>
    Math.min(burst, bucket.tokens + (nowMs - bucket.atMs) * perMs);

  const sweep = (nowMs: number): void => {
    for (const [user, bucket] of buckets) if (refilled(bucket, nowMs) >= burst) buckets.delete(user);
  };

  return {
    take(userId) {
      const nowMs = clock();
      if (nowMs >= nextSweepMs) {
        sweep(nowMs);
        nextSweepMs = nowMs + SWEEP_EVERY_MS;
      }
      const bucket = buckets.get(userId);
      const tokens = bucket ? refilled(bucket, nowMs) : burst;
      buckets.delete(userId);
      if (tokens < 1) {
        buckets.set(userId, { tokens, atMs: nowMs });
        return Math.ceil((1 - tokens) / perMs);
      }
      buckets.set(userId, { tokens: tokens - 1, atMs: nowMs });
      if (buckets.size > maxUsers) {
        const oldest = buckets.keys().next();
        if (!oldest.done) buckets.delete(oldest.value);
      }
      return 0;
    },
    giveBack(userId) {
      const bucket = buckets.get(userId);
      if (bucket) bucket.tokens = Math.min(burst, bucket.tokens + 1);
    },
    size: () => buckets.size,
  };
}

/**
 * Records a lookup refused for `waitMs` more (`rate_limited` in the request log and the audit trail, `asked` saying
 * what for) and returns the sentence saying when to try again.
 */
export function refuseLookup(
  deps: Pick<SlackDeps, 'audit' | 'locale'>,
  context: Context,
  who: Pick<ListenerRequest, 'teamId' | 'channelId' | 'userId'>,
  waitMs: number,
  asked: string,
): SlackMessage {
  setOutcome(context, 'rate_limited');
  const { teamId, channelId, userId } = who;
  deps.audit.record({ action: 'refused', teamId, channelId, userId, outcome: 'rate_limited', asked });
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return renderNotice({ kind: 'rate_limited', retryAfterSeconds: seconds }, deps.locale);
}

/**
 * Takes one lookup for the request's person; when none is left, answers privately when to try again, records
 * `rate_limited`, and returns `false`: the caller then fetches nothing.
 */
export async function admitLookup(deps: SlackDeps, request: ListenerRequest): Promise<boolean> {
  const waitMs = deps.lookups.take(request.userId ?? '');
  if (waitMs === 0) return true;
  await request.answer.send(refuseLookup(deps, request.context, request, waitMs, 'lookup'));
  return false;
}

/** `work` behind `admitLookup`: for listeners whose every request reads the backend. */
export function withLookupLimit<A>(
  deps: SlackDeps,
  work: (args: A, request: ListenerRequest) => Promise<void>,
): (args: A, request: ListenerRequest) => Promise<void> {
  return async (args, request) => {
    if (await admitLookup(deps, request)) await work(args, request);
  };
}
