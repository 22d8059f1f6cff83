/**
 * A message only the user sees, where they are: through the request's `response_url` when it has one, else
 * `chat.postEphemeral`. Used where the bot cannot or should not post for everyone.
 */
import type { RespondFn } from '@slack/bolt';
import type { Logger } from '../log.js';
import type { SlackMessage } from '../render/types.js';
import type { SlackWebApi } from '../slack-api/web-api.js';

/** Where a private reply goes. */
export interface PrivateTarget {
  respond: RespondFn | undefined;
  slack: SlackWebApi;
  channelId: string;
  userId: string;
  logger: Logger;
}

/** Sends `message` privately; `false` when neither way worked (already logged). */
export async function replyPrivately(target: PrivateTarget, message: SlackMessage): Promise<boolean> {
  if (target.respond) {
    try {
      await target.respond({ response_type: 'ephemeral', replace_original: false, ...message });
      return true;
    } catch (error) {
      target.logger.warn('response_url refused a private reply; trying chat.postEphemeral', { error });
    }
  }
  try {
    await target.slack.postEphemeral({ channel: target.channelId, user: target.userId, ...message });
    return true;
  } catch (error) {
    target.logger.warn('could not reply privately', { channel: target.channelId, error });
    return false;
  }
}
