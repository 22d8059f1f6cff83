/** Reading Slack Web API failures without looking at HTTP: the platform's error code, if Slack gave one. */
import { webApi } from '@slack/bolt';

/** The `error` of a `ok: false` Web API answer (`not_in_channel`, …), else `null`. */
export function slackErrorCode(error: unknown): string | null {
  if (error instanceof Error && 'code' in error && error.code === webApi.ErrorCode.PlatformError) {
    const data = (error as webApi.WebAPIPlatformError).data;
    return typeof data.error === 'string' ? data.error : 'unknown';
  }
  return null;
}

/** Slack errors meaning "the bot cannot post in that conversation": the answer goes privately instead. */
export const CANNOT_POST_ERRORS: ReadonlySet<string> = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'restricted_action',
  'restricted_action_thread_only',
  'restricted_action_non_threadable_channel',
  'cannot_reply_to_message',
  'ekm_access_denied',
]);

/** `true` when `error` says the bot cannot post in the conversation. */
export function isCannotPost(error: unknown): boolean {
  const code = slackErrorCode(error);
  return code !== null && CANNOT_POST_ERRORS.has(code);
}
