/**
 * The "Find pipelines" message shortcut: finds pipeline ids in the message (text, blocks, attachments), and
 * answers in its thread with each card (up to `SHORTCUT_MAX`), or privately when the bot cannot post there.
 * Nothing found → a private note saying what it looked for.
 */
import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { renderNotice } from '../../render/notice-message.js';
import type { SlackMessage } from '../../render/types.js';
import { renderWaitingMessage } from '../../render/waiting-message.js';
import { classifySlackError, slackErrorCode } from '../../slack-api/errors.js';
import { callForPerson } from '../../slack-api/web-api.js';
import { cardFor, failureFor, outcomeOf } from '../cards.js';
import type { SlackDeps } from '../deps.js';
import { findPipelineIdsInMessage } from '../message-texts.js';
import { markAcked, setOutcome } from '../middleware/request-log.js';
import { replyPrivately } from '../private-reply.js';
import { slackId } from '../slack-id-shape.js';
import { awaitWithNotice } from '../slow-answer.js';

/** Most cards one shortcut posts: a thread of ten cards is noise. */
export const SHORTCUT_MAX = 3;

type ShortcutArgs = AllMiddlewareArgs & SlackShortcutMiddlewareArgs<MessageShortcut>;

// Slack's message timestamps: seconds, a dot, microseconds.
const SLACK_TS = /^\d{1,12}\.\d{1,8}$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The thread to answer in: the message's thread, else the message itself; `null` when neither is a timestamp. */
function threadOf(message: { thread_ts?: unknown; ts?: unknown } | undefined, messageTs: unknown): string | null {
  for (const ts of [message?.thread_ts, message?.ts, messageTs]) {
    if (typeof ts === 'string' && SLACK_TS.test(ts)) return ts;
  }
  return null;
}

/** The message shortcut listener, bound to `deps`. */
export function findPipelinesCallback(deps: SlackDeps) {
  return async function findPipelines({ ack, shortcut, respond, context }: ShortcutArgs): Promise<void> {
    await ack();
    markAcked(context);
    // Ids that are not Slack's (a forged payload) read as missing: Slack then refuses the post, and the answer goes
    // privately.
    const channelId = slackId(shortcut.channel?.id) ?? '';
    const target = {
      respond,
      slack: deps.slack,
      channelId,
      userId: slackId(shortcut.user?.id) ?? '',
      logger: deps.logger,
    };
    // A payload without its message (or with a broken one) is read as a message that mentions nothing.
    const message: MessageShortcut['message'] | undefined = isObject(shortcut.message) ? shortcut.message : undefined;
    const ids = findPipelineIdsInMessage(
      { text: message?.text, blocks: message?.blocks, attachments: message?.attachments },
      deps.backend.ids,
    );
    if (ids.length === 0) {
      setOutcome(context, 'nothing_found');
      await replyPrivately(target, renderNotice({ kind: 'nothing_found' }, deps.locale));
      return;
    }
    const shown = ids.slice(0, SHORTCUT_MAX);
    setOutcome(context, 'ok', shown.join(','));
    const fetches = Promise.allSettled(shown.map((id) => deps.backend.getRun(id)));
    const waiting = renderWaitingMessage({ subject: shown.join(', '), kind: 'id', locale: deps.locale });
    const { result } = await awaitWithNotice(fetches, deps.waitingAfterMs, () => replyPrivately(target, waiting));
    const results = result.status === 'fulfilled' ? result.value : [];

    // Reply in the message's thread, or start one under it; without a timestamp to thread on, privately (a card
    // posted at the top of the channel would answer a message nobody can see it belongs to).
    const threadTs = threadOf(message, shortcut.message_ts);
    let canPost = true;
    for (const [i, id] of shown.entries()) {
      const fetched = results[i];
      if (fetched?.status !== 'fulfilled') {
        setOutcome(context, outcomeOf(fetched?.reason), shown.join(','));
        await replyPrivately(target, failureFor(deps, fetched?.reason, id));
        continue;
      }
      if (canPost && threadTs !== null) {
        const card: SlackMessage = cardFor(deps, fetched.value, 'channel');
        try {
          const post = { channel: channelId, thread_ts: threadTs, text: card.text, blocks: card.blocks };
          await callForPerson(() => deps.slack.postMessage(post), { repeatAmbiguous: true });
          continue;
        } catch (error) {
          const failure = classifySlackError(error);
          const code = slackErrorCode(failure);
          setOutcome(context, `slack_${code}`, shown.join(','));
          deps.logger.warn('could not reply in thread', { channel: channelId, error: code });
          canPost = false;
          const notice =
            failure.kind === 'channel_gone'
              ? { kind: 'cannot_post' as const, reason: code }
              : { kind: 'slack_failed' as const };
          await replyPrivately(target, renderNotice(notice, deps.locale));
        }
      }
      await replyPrivately(target, cardFor(deps, fetched.value, 'private'));
    }
    if (ids.length > shown.length) {
      await replyPrivately(
        target,
        renderNotice({ kind: 'more_found', shown: shown.length, total: ids.length }, deps.locale),
      );
    }
  };
}
