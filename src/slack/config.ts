/**
 * The Slack side's settings: how the bot connects to Slack (tokens, mode, port), and what people in Slack see —
 * the bot's language and which SWR user is which Slack user.
 *
 * HTTP mode (`SLACK_APP_TOKEN` unset) needs `SLACK_SIGNING_SECRET` to verify every request; Socket Mode
 * (`SLACK_APP_TOKEN` set) receives nothing over HTTP from Slack, so the signing secret is optional there.
 */
import { z } from 'zod';
import {
  configPart,
  envInput,
  oneOf,
  optionalEndpointUrl,
  optionalText,
  parseInto,
  requiredText,
  variable,
  wholeNumber,
} from '../config/env.js';
import { LOCALES, type Locale } from '../domain/locale.js';

interface SlackConnection {
  botToken: string;
  /** Web API base URL (`clientOptions.slackApiUrl`); `null` → Slack's. */
  apiUrl: string | null;
  /** HTTP mode: where Slack's requests and `/healthz` arrive. Socket Mode: `/healthz` only. */
  port: number;
}

/** HTTP mode (`appToken: null`) always has a signing secret; Socket Mode may have none. */
export type SlackConfig = SlackConnection &
  (
    | { appToken: null; signingSecret: string }
    | {
        /** Set → Socket Mode. */
        appToken: string;
        signingSecret: string | null;
      }
  );

const BOT_TOKEN_HINT = 'the Bot User OAuth Token (xoxb-…) from the app’s OAuth & Permissions page';
const SIGNING_SECRET_HINT =
  'HTTP mode (SLACK_APP_TOKEN unset) verifies every request from Slack with the Signing Secret from the app’s ' +
  'Basic Information page — or set SLACK_APP_TOKEN for Socket Mode, which needs no signing secret';

/** The Slack variables; the signing secret is required in HTTP mode only. */
function slackFields(socketMode: boolean) {
  return z.object({
    SLACK_BOT_TOKEN: requiredText(BOT_TOKEN_HINT),
    SLACK_SIGNING_SECRET: socketMode ? optionalText() : requiredText(SIGNING_SECRET_HINT),
    SLACK_APP_TOKEN: z
      .string()
      .startsWith('xapp-', {
        error:
          'must be an app-level token starting with xapp- (or unset for HTTP mode, which needs SLACK_SIGNING_SECRET instead)',
      })
      .optional()
      .transform((v) => v ?? null),
    SLACK_API_URL: optionalEndpointUrl(),
    PORT: wholeNumber(1, 65_535, 3000),
  });
}

/** The secret Slack variables, for log redaction. */
export const SLACK_SECRET_VARIABLES = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN'] as const;

/** `SLACK_BOT_TOKEN`, `SLACK_SIGNING_SECRET`, `SLACK_APP_TOKEN`, `SLACK_API_URL`, `PORT`. */
export const slackPart = configPart<SlackConfig>(
  envInput.transform((env, ctx) => {
    const fields = parseInto(slackFields(env.SLACK_APP_TOKEN !== undefined), env, ctx);
    if (fields === undefined) return z.NEVER;
    const connection = { botToken: fields.SLACK_BOT_TOKEN, apiUrl: fields.SLACK_API_URL, port: fields.PORT };
    const signingSecret = fields.SLACK_SIGNING_SECRET;
    if (fields.SLACK_APP_TOKEN !== null) return { ...connection, appToken: fields.SLACK_APP_TOKEN, signingSecret };
    // HTTP mode: the field schema required it.
    return { ...connection, appToken: null, signingSecret: signingSecret ?? '' };
  }),
  SLACK_SECRET_VARIABLES,
);

/** One sentence for the start-up log line: the mode and what it needs. */
export function describeSlackMode(slack: SlackConfig): string {
  if (slack.appToken === null) {
    return 'HTTP mode (SLACK_APP_TOKEN unset): Slack needs this port at a public URL, requests verified with SLACK_SIGNING_SECRET';
  }
  const unused = slack.signingSecret === null ? '' : ' (SLACK_SIGNING_SECRET is set and not used)';
  return `Socket Mode (SLACK_APP_TOKEN set): no public URL and no signing secret needed${unused}`;
}

/** `BOT_LOCALE`: the bot's language, `en` (default) or `zh-CN`. */
export const localePart = configPart<Locale>(variable('BOT_LOCALE', oneOf(LOCALES, 'en')));

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

/** `SLACK_USER_MAP`: `alice=U012AB3CD,bob=U045EF6GH` — SWR user names → Slack user ids, for real mentions. */
export const slackUserMapPart = configPart<Record<string, string>>(
  variable(
    'SLACK_USER_MAP',
    z
      .string()
      .transform((raw, ctx) => {
        const map: Record<string, string> = {};
        const bad: string[] = [];
        for (const pair of raw.split(',')) {
          const [name, id] = pair.split('=').map((s) => s.trim());
          if (name && id && SLACK_USER_ID.test(id)) map[name] = id;
          else bad.push(`"${pair.trim()}"`);
        }
        if (bad.length === 0) return map;
        const entries = `${bad.length === 1 ? 'bad entry' : 'bad entries'} ${bad.join(', ')}`;
        ctx.addIssue({
          code: 'custom',
          message: `must look like "alice=U012AB3CD,bob=U045EF6GH" (${entries})`,
          input: undefined,
        });
        return z.NEVER;
      })
      .default(() => ({})),
  ),
);
