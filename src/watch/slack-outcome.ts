/**
 * What a failed Slack call means for a watch. The poller never looks at error classes itself: it asks here
 * whether the message certainly was not posted (retry later), may have been (never retry blindly), or whether
 * the channel or the card is gone.
 */

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
/**
 * Connection errors raised before a request left (nothing listening, no DNS answer): certainly not posted, so
 * "refused", but Slack (or the way to it) is down, not refusing this message: worth trying again later.
 */
export const UNREACHABLE_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);
/** Slack refused the message's blocks, not the message: the same message as text alone gets through. */
export const BLOCKS_REFUSED_ERRORS = new Set(['invalid_blocks', 'invalid_blocks_format', 'msg_blocks_too_long']);
/** When a 429 says nothing about how long to wait. */
export const DEFAULT_RETRY_AFTER_MS = 30_000;

/** A failed call, already classified. */
export class SlackCallError extends Error {
  override readonly name = 'SlackCallError';
  readonly failure: SlackFailure;
  constructor(method: string, failure: SlackFailure) {
    super(`${method}: ${failure.kind}${'reason' in failure ? ` (${failure.reason})` : ''}`);
    this.failure = failure;
  }
}

/** Maps a Slack `error` string (from `ok: false`) to what it means for a watch. */
export function failureOfSlackError(reason: string): SlackFailure {
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

/** What a failed call means for a watch; anything not thrown by the watch Slack client is "ambiguous". */
export function classifySlackError(error: unknown): SlackFailure {
  if (error instanceof SlackCallError) return error.failure;
  return { kind: 'ambiguous', reason: error instanceof Error ? error.message : String(error) };
}
