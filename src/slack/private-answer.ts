/**
 * The one way a listener answers the person who asked, privately: through the request's `response_url` where it
 * can, else `chat.postEphemeral` to them where they are — and never silently: when nothing reaches them, the log
 * says so with the request's ids.
 *
 * What real Slack does with a `response_url` decides the shape (../../test/helpers/FAKE-SLACK.md):
 * - it takes at most 5 posts within 30 minutes, then answers 404 (`used_url`, `expired_url`): the answer counts its
 *   posts and, past the fifth or on a 404, goes to `chat.postEphemeral` instead;
 * - `replace_original` acts only on an interaction's URL (a click), on the message clicked; a slash command's URL
 *   makes every post a new message, so a command's flow never relies on replacing (`canReplace` is `false`);
 * - a failed post is tried once more (after a 429 a second later; after a 5xx or a dropped connection at once; after
 *   a 400 that refused the blocks, as the text alone — the `blocks` key left out, not `[]`).
 */
import type { RespondArguments, RespondFn } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { Logger } from '../log.js';
import type { SlackMessage } from '../render/types.js';
import { classifySlackError, slackErrorCode } from '../slack-api/errors.js';
import { callForPerson, type SlackWebApi } from '../slack-api/web-api.js';

/** Where the request came from, which decides what its `response_url` can do. */
export type AnswerOrigin = 'command' | 'interaction' | 'shortcut';

/** A private answer to the person behind one request. */
export interface PrivateAnswer {
  /** Whether `replace` can act: only an interaction's `response_url` replaces the message clicked. */
  readonly canReplace: boolean;
  /** Sends `message` to the person only; `replace` replaces the clicked message where it can. `false`: not delivered. */
  send(message: SlackMessage, options?: { replace?: boolean }): Promise<boolean>;
}

export interface PrivateAnswerTarget {
  /** Bolt's `respond` for the request's `response_url`; `undefined` when the request carried none. */
  respond: RespondFn | undefined;
  origin: AnswerOrigin;
  slack: SlackWebApi;
  /** Where the person is (a conversation id Slack would accept), for `chat.postEphemeral`. */
  channelId: string | null;
  userId: string | null;
  logger: Logger;
  /** The request's ids, named in the log line when the person could not be reached. */
  request: Record<string, unknown>;
}

/** What the bot posts to a `response_url`. */
interface AnswerBody {
  response_type: 'ephemeral';
  text: string;
  blocks?: KnownBlock[];
  replace_original?: boolean;
}

/** How many posts Slack takes on one `response_url`. */
export const RESPONSE_URL_POSTS = 5;
/** Slack's response URLs allow about one answer a second. */
const RATE_LIMIT_WAIT_MS = 1_000;

/** How to try a failed `response_url` post again, or `null` when another try cannot help. */
function retryPlan(error: unknown, body: AnswerBody): { waitMs: number; body: AnswerBody } | null {
  // Bolt's RespondError carries the HTTP status only; no status means no answer at all.
  const status = (error as { statusCode?: unknown }).statusCode;
  if (typeof status !== 'number') return { waitMs: 0, body };
  if (status === 429) return { waitMs: RATE_LIMIT_WAIT_MS, body };
  if (status >= 500) return { waitMs: 0, body };
  if (status === 400 && Array.isArray(body.blocks) && body.blocks.length > 0) {
    const { blocks: _refused, ...textAlone } = body;
    return { waitMs: 0, body: textAlone };
  }
  return null; // 404: used up or expired; another post to it cannot help
}

/** Creates the private answer of one request. */
export function createPrivateAnswer(target: PrivateAnswerTarget): PrivateAnswer {
  const { respond, logger } = target;
  const canReplace = target.origin === 'interaction' && typeof respond === 'function';
  let urlPosts = 0;

  /** One post to the `response_url`, counted; `false` when the URL cannot take it (any more). */
  const post = async (body: AnswerBody): Promise<boolean> => {
    if (typeof respond !== 'function' || urlPosts >= RESPONSE_URL_POSTS) return false;
    urlPosts += 1;
    await respond(body as RespondArguments);
    return true;
  };

  const viaResponseUrl = async (body: AnswerBody): Promise<boolean> => {
    try {
      return await post(body);
    } catch (error) {
      const plan = retryPlan(error, body);
      const status = (error as { statusCode?: number }).statusCode ?? null;
      if (plan === null) {
        logger.warn('the response_url refused an answer', { status, ...target.request });
        return false;
      }
      logger.warn('a response_url answer failed; trying once more', { status, textOnly: plan.body !== body });
      if (plan.waitMs > 0) await new Promise((resolve) => setTimeout(resolve, plan.waitMs));
      try {
        return await post(plan.body);
      } catch (second) {
        logger.warn('the response_url failed twice', {
          status: (second as { statusCode?: number }).statusCode ?? null,
          ...target.request,
        });
        return false;
      }
    }
  };

  const viaEphemeral = async (message: SlackMessage): Promise<boolean> => {
    const { channelId, userId } = target;
    if (channelId === null || userId === null) return false;
    const base = { channel: channelId, user: userId, text: message.text };
    const send = (blocks: KnownBlock[] | undefined) =>
      callForPerson(() => target.slack.postEphemeral(blocks ? { ...base, blocks } : base), { repeatAmbiguous: true });
    try {
      await send(message.blocks.length > 0 ? message.blocks : undefined);
      return true;
    } catch (error) {
      const failure = classifySlackError(error);
      if (failure.kind === 'blocks_refused' && message.blocks.length > 0) {
        try {
          await send(undefined);
          return true;
        } catch {
          // reported below
        }
      }
      logger.warn('chat.postEphemeral refused an answer', { error: slackErrorCode(failure), ...target.request });
      return false;
    }
  };

  return {
    canReplace,
    async send(message, options = {}) {
      const body: AnswerBody = { response_type: 'ephemeral', text: message.text, blocks: message.blocks };
      // A command's URL ignores replace_original; an interaction's needs it said either way (false: a new message).
      if (target.origin === 'interaction') body.replace_original = canReplace && options.replace === true;
      if (await viaResponseUrl(body)) return true;
      if (await viaEphemeral(message)) {
        if (typeof respond === 'function') logger.info('answered with chat.postEphemeral instead', target.request);
        return true;
      }
      logger.error('could not answer the person who asked: nothing reaches them', {
        hasResponseUrl: typeof respond === 'function',
        responseUrlPosts: urlPosts,
        ...target.request,
      });
      return false;
    },
  };
}
