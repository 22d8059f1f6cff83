/**
 * Slack ids read from a request (conversation, user, team): upper-case letters and digits, as Slack writes them.
 * Anything else came from a forged or broken payload and is treated as missing — it must never reach a Web API
 * call: the Web API client form-encodes its arguments, and a lone surrogate there throws inside the client, which
 * then retries the call for half an hour.
 */
const SLACK_ID = /^[A-Z0-9]{2,40}$/;

/** `value` when it is shaped like a Slack id, else `null`. */
export function slackId(value: unknown): string | null {
  return typeof value === 'string' && SLACK_ID.test(value) ? value : null;
}
