/**
 * What a failed Slack Web API call means, in one table for the whole bot: for a watch (retry later, never retry
 * blindly, pause, post a new card) and for a person waiting on an answer (the bot cannot post there, or Slack
 * refused and trying again may help). Nobody outside this module looks at error classes or HTTP statuses.
 */

export type SlackFailure =
  /** 429: nothing was done; wait `retryAfterMs`. */
  | { kind: 'rate_limited'; retryAfterMs: number }
  /** Slack (or the way to it) is out of reach: the request never left, so nothing was done; wait and try again. */
  | { kind: 'unreachable'; reason: string }
  /** The bot cannot post in that conversation (not a member, archived, gone, restricted): a watch pauses. */
  | { kind: 'channel_gone'; reason: string }
  /** The message to edit is gone (or was never one the bot may edit): a watch posts a new card. */
  | { kind: 'message_gone'; reason: string }
  /** Slack refused the message's blocks, not the message: the same message as its text alone goes through. */
  | { kind: 'blocks_refused'; reason: string }
  /** A timeout, a dropped connection or a 5xx: Slack may or may not have done it. */
  | { kind: 'ambiguous'; reason: string }
  /** Slack refused the call for another reason (`msg_too_long`, `invalid_auth`, …): nothing was done. */
  | { kind: 'refused'; reason: string };

type Meaning = Exclude<SlackFailure['kind'], 'rate_limited'>;

/** Every Slack error code the bot tells apart, with what it means; any other code is `refused`. */
export const SLACK_ERROR_TABLE: Readonly<Record<string, { meaning: Meaning; why: string }>> = {
  not_in_channel: { meaning: 'channel_gone', why: 'the bot is not a member (a private channel needs /invite)' },
  channel_not_found: { meaning: 'channel_gone', why: 'no such conversation, or the bot cannot see it' },
  is_archived: { meaning: 'channel_gone', why: 'the channel is archived' },
  channel_is_archived: { meaning: 'channel_gone', why: 'the channel is archived (older spelling)' },
  restricted_action: { meaning: 'channel_gone', why: 'a workspace setting keeps the bot from posting there' },
  restricted_action_thread_only: { meaning: 'channel_gone', why: 'only thread replies are allowed there' },
  restricted_action_non_threadable_channel: { meaning: 'channel_gone', why: 'threads are not allowed there' },
  restricted_action_read_only_channel: { meaning: 'channel_gone', why: 'the channel is read-only' },
  cannot_reply_to_message: { meaning: 'channel_gone', why: 'the message cannot take thread replies' },
  team_access_not_granted: { meaning: 'channel_gone', why: 'a Slack Connect channel the app is not granted in' },
  ekm_access_denied: { meaning: 'channel_gone', why: 'enterprise key management denies access' },
  message_not_found: { meaning: 'message_gone', why: 'the message was deleted (or is ephemeral)' },
  cant_update_message: { meaning: 'message_gone', why: 'the bot may not edit that message' },
  edit_window_closed: { meaning: 'message_gone', why: 'the message can no longer be edited' },
  invalid_blocks: { meaning: 'blocks_refused', why: 'a block breaks a Block Kit rule' },
  invalid_blocks_format: { meaning: 'blocks_refused', why: 'blocks are not a list of objects' },
  msg_blocks_too_long: { meaning: 'blocks_refused', why: 'the blocks hold too much text in all' },
  internal_error: { meaning: 'ambiguous', why: 'Slack failed; the call may have been done' },
  fatal_error: { meaning: 'ambiguous', why: 'Slack failed; the call may have been done' },
  service_unavailable: { meaning: 'ambiguous', why: 'Slack is down; the call may have been done' },
  request_timeout: { meaning: 'ambiguous', why: 'Slack timed out; the call may have been done' },
};

/**
 * Connection errors raised before a request left (nothing listening, no DNS answer): certainly not sent, so
 * nothing was done; Slack (or the way to it) is down.
 */
export const UNREACHABLE_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/** When a 429 says nothing about how long to wait. */
export const DEFAULT_RETRY_AFTER_MS = 30_000;

/** A failed call, already classified. */
export class SlackCallError extends Error {
  override readonly name = 'SlackCallError';
  readonly method: string;
  readonly failure: SlackFailure;
  constructor(method: string, failure: SlackFailure) {
    super(`${method}: ${failure.kind}${'reason' in failure ? ` (${failure.reason})` : ''}`);
    this.method = method;
    this.failure = failure;
  }
}

/** What a Slack `error` string (from an `ok: false` answer) means. */
export function failureOfSlackError(reason: string): SlackFailure {
  if (reason === 'ratelimited' || reason === 'rate_limited') {
    return { kind: 'rate_limited', retryAfterMs: DEFAULT_RETRY_AFTER_MS };
  }
  const row = Object.hasOwn(SLACK_ERROR_TABLE, reason) ? SLACK_ERROR_TABLE[reason] : undefined;
  return { kind: row?.meaning ?? 'refused', reason };
}

/** What a failed call means; anything not thrown by the Web API client is `ambiguous`. */
export function classifySlackError(error: unknown): SlackFailure {
  if (error instanceof SlackCallError) return error.failure;
  return { kind: 'ambiguous', reason: error instanceof Error ? error.message : String(error) };
}

/** The Slack error code (or failure kind) to name in a log line and an outcome (`slack_<code>`). */
export function slackErrorCode(failure: SlackFailure): string {
  return 'reason' in failure ? failure.reason : failure.kind;
}
