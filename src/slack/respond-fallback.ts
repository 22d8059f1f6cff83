/**
 * `respond` for every listener, even when a request carries no `response_url`. Slack always sends one with a
 * command, a button click or a message shortcut, but a truncated or forged payload may not, and Bolt then passes no
 * `respond` at all: a listener calling it would fail after the ack and the user would see nothing. Without a
 * `response_url` the answer goes to `chat.postEphemeral` for the user in the request's conversation; when the request
 * names neither, it is logged and dropped — there is nobody to tell.
 *
 * A `response_url` that fails is tried once more rather than losing the answer (Bolt's `respond` makes one
 * attempt): after a 429 a second later, after a 5xx or a dropped connection at once, and when Slack refuses the
 * blocks (HTTP 400 `invalid_blocks`) with the message's text alone. A second
 * failure is thrown to the listener's error handling. Replaying an answer is safe: the same body again replaces
 * the same message, and a response_url takes five uses.
 */
import type { RespondArguments, RespondFn } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { Logger } from '../log.js';
import type { SlackWebApi } from '../slack-api/web-api.js';

/** Where a fallback answer goes. */
export interface FallbackTarget {
  slack: SlackWebApi;
  channelId: string | null;
  userId: string | null;
  logger: Logger;
}

/** Slack's response URLs allow about one answer a second. */
const RATE_LIMIT_WAIT_MS = 1_000;

type Message = string | RespondArguments;

/**
 * How to try a failed answer again, or `null` when another try cannot help (a 404: the URL expired or was used up).
 * Bolt's `RespondError` carries the HTTP status only — no `Retry-After`, no body — so a 429 waits a second and a
 * 400 for a message with blocks is taken as Slack refusing the blocks (its `invalid_blocks`).
 */
function retryPlan(error: unknown, message: Message): { waitMs: number; message: Message } | null {
  const status = (error as { statusCode?: unknown }).statusCode;
  if (typeof status !== 'number') return { waitMs: 0, message }; // no answer at all: the connection failed
  if (status === 429) return { waitMs: RATE_LIMIT_WAIT_MS, message };
  if (status >= 500) return { waitMs: 0, message };
  const blocks = typeof message === 'object' ? (message as { blocks?: unknown }).blocks : undefined;
  if (status === 400 && Array.isArray(blocks) && blocks.length > 0)
    return { waitMs: 0, message: { ...(message as object), blocks: [] } as Message };
  return null;
}

/** `respond` with one more try when Slack could not take the answer (see the module comment). */
function respondWithRetry(respond: RespondFn, logger: Logger): RespondFn {
  return async (message) => {
    try {
      return await respond(message);
    } catch (error) {
      const plan = retryPlan(error, message);
      if (plan === null) throw error;
      logger.warn('a response_url answer failed; trying once more', {
        status: (error as { statusCode?: number }).statusCode ?? null,
        textOnly: plan.message !== message,
      });
      if (plan.waitMs > 0) await new Promise((resolve) => setTimeout(resolve, plan.waitMs));
      return respond(plan.message);
    }
  };
}

/** `respond` (retried once, see above) when Bolt gave one; else a function that answers privately through `chat.postEphemeral`. */
export function respondOrEphemeral(respond: RespondFn | undefined, target: FallbackTarget): RespondFn {
  if (typeof respond === 'function') return respondWithRetry(respond, target.logger);
  return async (message: string | RespondArguments) => {
    const m: { text?: string | undefined; blocks?: unknown } =
      typeof message === 'string' ? { text: message } : message;
    const { channelId, userId } = target;
    if (!channelId || !userId) {
      target.logger.warn('cannot answer: the request names no response_url, conversation or user', {
        hasChannel: Boolean(channelId),
        hasUser: Boolean(userId),
      });
      return undefined as unknown as Awaited<ReturnType<RespondFn>>;
    }
    await target.slack.postEphemeral({
      channel: channelId,
      user: userId,
      text: m.text ?? '',
      ...(Array.isArray(m.blocks) ? { blocks: m.blocks as KnownBlock[] } : {}),
    });
    return undefined as unknown as Awaited<ReturnType<RespondFn>>;
  };
}
