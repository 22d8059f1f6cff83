/**
 * Checks SLACK_BOT_TOKEN once at start-up. Bolt calls auth.test at construction and answers every request 401 if
 * it fails; doing it here instead turns a revoked token into one clear start-up error, and passing
 * botId/botUserId to Bolt stops it from asking again. It also learns the bot's own workspace.
 */
import { classifySlackError } from '../slack-api/errors.js';
import { DEFAULT_SLACK_API_URL, type SlackWebApi } from '../slack-api/web-api.js';
import { StartupError } from '../startup-error.js';

/** Who the bot is, from auth.test. */
export interface BotIdentity {
  botId: string;
  botUserId: string;
  teamId: string | null;
  team: string | null;
  enterpriseId: string | null;
}

/** The bot's ids from auth.test; throws `StartupError` when Slack refuses the token or cannot be reached. */
export async function checkBotToken(slack: SlackWebApi, apiUrl: string | null): Promise<BotIdentity> {
  let result: Awaited<ReturnType<SlackWebApi['authTest']>>;
  try {
    result = await slack.authTest();
  } catch (error) {
    const failure = classifySlackError(error);
    if (failure.kind === 'refused' || failure.kind === 'channel_gone' || failure.kind === 'message_gone') {
      throw new StartupError(
        failure.reason,
        `Slack rejected SLACK_BOT_TOKEN (${failure.reason}): reinstall the app and copy the Bot User OAuth Token (xoxb-…) from its OAuth & Permissions page`,
      );
    }
    const reason = 'reason' in failure ? failure.reason : failure.kind;
    throw new StartupError(
      'slack_unreachable',
      `Could not reach Slack at ${apiUrl ?? DEFAULT_SLACK_API_URL} to check SLACK_BOT_TOKEN: ${reason}`,
    );
  }
  if (result.botId === null || result.userId === null) {
    throw new StartupError(
      'not_a_bot_token',
      'SLACK_BOT_TOKEN is not a bot token (auth.test returned no bot id): use the Bot User OAuth Token (xoxb-…)',
    );
  }
  return {
    botId: result.botId,
    botUserId: result.userId,
    teamId: result.teamId,
    team: result.team,
    enterpriseId: result.enterpriseId,
  };
}
