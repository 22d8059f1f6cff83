/**
 * Posting and editing through Slack for the watch cycle, with the guarantees the issue asks for: each post has an
 * idempotency key recorded as `sending` before the call and `sent` after it; a 429 releases the key (nothing was
 * posted) and blocks the channel until `Retry-After`; a timeout marks the key `unconfirmed` and is never resent
 * (a card excepted: see `PostRequest.retryAmbiguous`). Slack out of reach (a refused connection: nothing was
 * sent) is waited out like a 429 without `Retry-After`. Blocks Slack refuses (`invalid_blocks`) are not worth
 * losing the update over: the same message goes again as its text alone, at once, under the same key. Every call
 * ends as one `DeliveryOutcome`, which the cycle's reducer (./cycle-outcome.ts) reads as it is.
 */

import type { KnownBlock } from '@slack/types';
import type { Logger } from '../log.js';
import type { SlackMessage } from '../render/types.js';
import { classifySlackError, DEFAULT_RETRY_AFTER_MS, type SlackFailure } from '../slack-api/errors.js';
import type { SlackWebApi } from '../slack-api/web-api.js';
import type { MilestoneKey, WatchStore } from '../store/types.js';
import type { ChannelPacer } from './channel-pacer.js';

/** The part of the Web API the watch uses. */
export type WatchSlack = Pick<SlackWebApi, 'postMessage' | 'update'>;

/** Slack counters of one tick. */
export interface SlackCounters {
  slackCalls: number;
  posts: number;
  updates: number;
  errors: number;
  deferred: number;
}

/** What a post or an edit needs besides its message: the clients, the pacing and the cycle's times. */
export interface DeliveryContext {
  slack: WatchSlack;
  store: WatchStore;
  pacer: ChannelPacer;
  /** The `now` of the cycle plus the time it has taken so far (epoch ms): when a call is really made. */
  realNow(): number;
  /** A `sending` key older than this was left by a crash and may be posted again. */
  staleBefore: Date;
  /** The cycle's `now`: what the plan was made for. */
  now: Date;
  counters: SlackCounters;
  logger: Logger;
}

/** How a post or an edit ended. */
export type DeliveryOutcome =
  | { kind: 'sent'; ts: string }
  /** A post whose key was handled before (`sent`, or `unconfirmed`); `ts` when known. */
  | { kind: 'already_done'; ts: string | null }
  /** Nothing was sent (pacing, a 429, Slack out of reach, the key in flight elsewhere); try again at `retryAt`. */
  | { kind: 'deferred'; retryAt: number }
  /** The channel cannot take posts (archived, the bot removed): the watch pauses. */
  | { kind: 'channel_gone'; reason: string }
  /** An edit's card was deleted. */
  | { kind: 'message_gone'; reason: string }
  /** Slack refused this very message: it would refuse it again. */
  | { kind: 'refused'; reason: string }
  /** No clear answer (a timeout, a 5xx): it may or may not have happened. */
  | { kind: 'unknown'; reason: string };

/** One post: its idempotency key, where it goes and what it says. */
export interface PostRequest {
  key: MilestoneKey;
  channel: string;
  threadTs: string | null;
  message: SlackMessage;
  broadcast: boolean;
  /** A card is worth a possible duplicate (a channel without its card is worse): a timeout releases its key. */
  retryAmbiguous: boolean;
}

const MIN_RETRY_MS = 1_000;

/** What a failed call means here: Slack out of reach is a wait, like a 429 that names no time. */
function failureOf(error: unknown): SlackFailure {
  const failure = classifySlackError(error);
  return failure.kind === 'unreachable' ? { kind: 'rate_limited', retryAfterMs: DEFAULT_RETRY_AFTER_MS } : failure;
}

/**
 * Makes `call` with the message's blocks; when Slack refuses the blocks themselves, once more as the message's text
 * alone (`blocks` undefined: every message the poller sends says it all in its text). `null`: it went through.
 */
async function sendWithTextFallback(
  ctx: DeliveryContext,
  what: string,
  message: SlackMessage,
  call: (blocks: KnownBlock[] | undefined) => Promise<void>,
): Promise<SlackFailure | null> {
  try {
    await call(message.blocks);
    return null;
  } catch (error) {
    const failure = failureOf(error);
    if (failure.kind !== 'blocks_refused' || message.blocks.length === 0) return failure;
    ctx.logger.warn('Slack refused the blocks of a watch message; sending its text alone', {
      what,
      reason: failure.reason,
    });
  }
  ctx.counters.slackCalls += 1;
  try {
    await call(undefined);
    return null;
  } catch (error) {
    return failureOf(error);
  }
}

/** Posts `request.message` at most once per key (see the module comment). */
export async function postOnce(ctx: DeliveryContext, request: PostRequest): Promise<DeliveryOutcome> {
  const { store, pacer, counters } = ctx;
  const blocked = pacer.blockedUntil(request.channel, ctx.realNow());
  if (blocked !== null) {
    counters.deferred += 1;
    return { kind: 'deferred', retryAt: blocked };
  }
  // The channel's slot first: a post its pace puts off then costs no store write (a claim and its release).
  if (!pacer.reserve(request.channel, ctx.realNow())) {
    counters.deferred += 1;
    return {
      kind: 'deferred',
      retryAt: Math.max(pacer.nextFree(request.channel, ctx.realNow()), ctx.now.getTime() + MIN_RETRY_MS),
    };
  }
  // Stamped with the real time, not the tick's start: another replica judges by it whether this post is in flight.
  const claim = await store
    .claimMilestone(request.key, new Date(ctx.realNow()), ctx.staleBefore)
    .catch((error: unknown) => {
      pacer.giveBack(request.channel);
      throw error;
    });
  if (claim !== 'claimed') pacer.giveBack(request.channel);
  if (claim === 'sent' || claim === 'unconfirmed') {
    const ts = claim === 'sent' ? ((await store.getMilestone(request.key))?.messageTs ?? null) : null;
    return { kind: 'already_done', ts };
  }
  if (claim === 'sending') {
    // Another poller is posting it right now (or crashed less than a lease ago): its outcome decides.
    counters.deferred += 1;
    return { kind: 'deferred', retryAt: ctx.now.getTime() + MIN_RETRY_MS * 30 };
  }
  counters.slackCalls += 1;
  let ts = '';
  const failure = await sendWithTextFallback(ctx, 'post', request.message, async (blocks) => {
    // Text alone leaves the `blocks` key out: `blocks: []` is documented for `chat.update` only. One literal, its
    // conditional keys last: `{ ...base, thread_ts }` costs a hidden class per post on Node 20
    // (../backends/huawei/authorized-call.ts).
    const result = await ctx.slack.postMessage({
      channel: request.channel,
      text: request.message.text,
      unfurl_links: false,
      unfurl_media: false,
      ...(blocks ? { blocks } : {}),
      ...(request.threadTs ? { thread_ts: request.threadTs, reply_broadcast: request.broadcast } : {}),
    });
    ts = result.ts;
  });
  if (failure !== null) {
    switch (failure.kind) {
      case 'rate_limited': {
        await store.releaseMilestone(request.key);
        const retryAt = ctx.realNow() + Math.max(failure.retryAfterMs, MIN_RETRY_MS);
        pacer.block(request.channel, retryAt);
        counters.deferred += 1;
        return { kind: 'deferred', retryAt };
      }
      case 'ambiguous':
        counters.errors += 1;
        if (request.retryAmbiguous) await store.releaseMilestone(request.key);
        else await store.markMilestone(request.key, { status: 'unconfirmed' }, ctx.now);
        return { kind: 'unknown', reason: failure.reason };
      case 'channel_gone':
        await store.releaseMilestone(request.key);
        return { kind: 'channel_gone', reason: failure.reason };
      // A thread post's `message_gone` is its parent's (`thread_not_found`): a refusal like any other.
      case 'message_gone':
      case 'blocks_refused':
      case 'refused':
      case 'unreachable':
        counters.errors += 1;
        await store.releaseMilestone(request.key);
        return { kind: 'refused', reason: failure.reason };
    }
  }
  // Outside the try: a store failure here is not a Slack failure. The key stays `sending`, so a crash at this
  // point repeats this one post at most.
  await store.markMilestone(request.key, { status: 'sent', messageTs: ts, threadTs: request.threadTs }, ctx.now);
  counters.posts += 1;
  return { kind: 'sent', ts };
}

/** Edits a card in place; `chat.update` is limited per workspace, so a 429 blocks the team's edits, not a channel. */
export async function updateCard(
  ctx: DeliveryContext,
  teamId: string,
  channel: string,
  ts: string,
  message: SlackMessage,
): Promise<DeliveryOutcome> {
  const teamKey = `update:${teamId}`;
  const blocked = ctx.pacer.blockedUntil(teamKey, ctx.realNow());
  if (blocked !== null) {
    ctx.counters.deferred += 1;
    return { kind: 'deferred', retryAt: blocked };
  }
  ctx.counters.slackCalls += 1;
  const failure = await sendWithTextFallback(ctx, 'card edit', message, (blocks) =>
    ctx.slack.update({ channel, ts, text: message.text, blocks: blocks ?? [] }),
  );
  if (failure === null) {
    ctx.counters.updates += 1;
    return { kind: 'sent', ts };
  }
  switch (failure.kind) {
    case 'rate_limited': {
      const retryAt = ctx.realNow() + Math.max(failure.retryAfterMs, MIN_RETRY_MS);
      ctx.pacer.block(teamKey, retryAt);
      ctx.counters.deferred += 1;
      return { kind: 'deferred', retryAt };
    }
    case 'channel_gone':
    case 'message_gone':
      return failure;
    case 'ambiguous':
      ctx.counters.errors += 1;
      return { kind: 'unknown', reason: failure.reason };
    case 'blocks_refused':
    case 'refused':
    case 'unreachable':
      ctx.counters.errors += 1;
      return { kind: 'refused', reason: failure.reason };
  }
}
