/**
 * Checks SLACK_BOT_TOKEN once at start-up. Bolt calls auth.test at construction and answers every request 401 if
 * it fails; doing it here instead turns a revoked token into one clear start-up error, and passing
 * botId/botUserId to Bolt stops it from asking again.
 */
import { webApi } from '@slack/bolt';
import type { Config } from '../config.js';
import { StartupError } from '../startup-error.js';

/** The bot's ids from auth.test; throws `StartupError` when Slack refuses the token or cannot be reached. */
export async function checkBotToken(config: Config): Promise<{ botId: string; botUserId: string }> {
  const client = new webApi.WebClient(config.slack.botToken, {
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
    retryConfig: { retries: 1, minTimeout: 500, maxTimeout: 1_000 },
    timeout: 10_000,
    logLevel: webApi.LogLevel.ERROR,
  });
  try {
    const result = await client.auth.test();
    if (typeof result.bot_id !== 'string' || typeof result.user_id !== 'string') {
      throw new StartupError(
        'not_a_bot_token',
        'SLACK_BOT_TOKEN is not a bot token (auth.test returned no bot id): use the Bot User OAuth Token (xoxb-…)',
      );
    }
    return { botId: result.bot_id, botUserId: result.user_id };
  } catch (error) {
    if (error instanceof StartupError) throw error;
    if (error instanceof Error && 'code' in error && error.code === webApi.ErrorCode.PlatformError) {
      const code = String((error as webApi.WebAPIPlatformError).data.error);
      throw new StartupError(
        code,
        `Slack rejected SLACK_BOT_TOKEN (${code}): reinstall the app and copy the Bot User OAuth Token (xoxb-…) from its OAuth & Permissions page`,
      );
    }
    const where = config.slack.apiUrl ?? 'https://slack.com/api/';
    const reason = error instanceof Error ? error.message : 'unknown error';
    throw new StartupError(
      'slack_unreachable',
      `Could not reach Slack at ${where} to check SLACK_BOT_TOKEN: ${reason}`,
    );
  }
}
