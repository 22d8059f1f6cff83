/**
 * What a failed Slack call means for a watch. The poller never looks at error classes itself: it asks here
 * whether the message certainly was not posted (retry later), may have been (never retry blindly), or whether
 * the channel or the card is gone.
 */
import { webApi } from '@slack/bolt';

export type SlackFailure =
  /** 429: nothing was posted; wait `retryAfterMs`. */
  | { kind: 'rate_limited'; retryAfterMs: number }
  /** The channel cannot take messages any more: pause the watch. */
  | { kind: 'channel_gone'; reason: string }
  /** `chat.update` found no card to edit: post a new one. */
  | { kind: 'message_gone'; reason: string }
  /** A timeout, a dropped connection or a 5xx: Slack may or may not have posted it. */
  | { kind: 'ambiguous'; reason: string }
  /** Slack refused the call (`invalid_blocks`, `msg_too_long`, …): nothing was posted. */
  | { kind: 'refused'; reason: string };

export const CHANNEL_GONE_ERRORS = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'channel_is_archived',
  'restricted_action',
  'team_access_not_granted',
]);
export const MESSAGE_GONE_ERRORS = new Set(['message_not_found', 'cant_update_message', 'edit_window_closed']);
/** Errors raised before a request left: certainly not posted. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

const DEFAULT_RETRY_AFTER_MS = 30_000;

function codeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NOT_SENT_CODES.has(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Classifies an error thrown by a `WebClient` call. */
export function classifySlackError(error: unknown): SlackFailure {
  if (error instanceof webApi.WebAPIRateLimitedError) {
    return { kind: 'rate_limited', retryAfterMs: Math.max(1, error.retryAfter) * 1000 };
  }
  if (error instanceof webApi.WebAPIPlatformError) {
    const reason = String(error.data.error);
    if (reason === 'ratelimited' || reason === 'rate_limited') {
      return { kind: 'rate_limited', retryAfterMs: DEFAULT_RETRY_AFTER_MS };
    }
    if (CHANNEL_GONE_ERRORS.has(reason)) return { kind: 'channel_gone', reason };
    if (MESSAGE_GONE_ERRORS.has(reason)) return { kind: 'message_gone', reason };
    if (reason === 'internal_error' || reason === 'fatal_error' || reason === 'service_unavailable') {
      return { kind: 'ambiguous', reason };
    }
    return { kind: 'refused', reason };
  }
  if (error instanceof webApi.WebAPIHTTPError) {
    if (error.statusCode === 429) {
      const seconds = Number(error.headers['retry-after']);
      return { kind: 'rate_limited', retryAfterMs: Number.isFinite(seconds) ? seconds * 1000 : DEFAULT_RETRY_AFTER_MS };
    }
    if (error.statusCode >= 500) return { kind: 'ambiguous', reason: `http_${error.statusCode}` };
    return { kind: 'refused', reason: `http_${error.statusCode}` };
  }
  if (error instanceof webApi.WebAPIRequestError) {
    const code = codeOf(error.original);
    return code ? { kind: 'refused', reason: code } : { kind: 'ambiguous', reason: error.original.message };
  }
  return { kind: 'ambiguous', reason: error instanceof Error ? error.message : String(error) };
}

export interface WatchSlackClientOptions {
  /** Web API base URL (tests: the fake Slack's `apiUrl`). */
  slackApiUrl?: string;
  /** Per-request timeout; a post still unanswered then is "ambiguous", never resent. */
  timeoutMs?: number;
}

/**
 * A `WebClient` for the poller: 429s are thrown (not waited out inside the client, which would pause every
 * channel), and nothing is retried, because a blind retry after a timeout can post a milestone twice.
 */
export function createWatchSlackClient(token: string, options: WatchSlackClientOptions = {}): webApi.WebClient {
  return new webApi.WebClient(token, {
    ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: options.timeoutMs ?? 10_000,
    logLevel: webApi.LogLevel.ERROR,
  });
}
