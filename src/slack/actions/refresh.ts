/**
 * Refresh (and the error message's Try again): fetch again and replace the card in place — through the
 * `response_url` for private cards, `chat.update` for posted ones. A failed refresh keeps the card as it was and
 * tells the clicker privately. Bursts of clicks cost one SWR request: the client's single-flight cache merges them.
 */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { ACTION_UNWATCH } from '../../render/action-ids.js';
import { renderNotice } from '../../render/notice-message.js';
import type { CardVariant } from '../../render/types.js';
import { classifySlackError, slackErrorCode } from '../../slack-api/errors.js';
import { callForPerson } from '../../slack-api/web-api.js';
import { cardFor, failureFor, outcomeOf } from '../cards.js';
import type { SlackDeps } from '../deps.js';
import { markAcked, setOutcome } from '../middleware/request-log.js';
import { buttonPipelineId, clickedMessage } from './button-context.js';
import { answerStaleButton } from './stale-button.js';

type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>;

// A watch card is the one with a Stop watching button; it must stay a watch card after a refresh.
function postedVariant(message: BlockButtonAction['message']): CardVariant {
  return JSON.stringify(message?.blocks ?? []).includes(`"${ACTION_UNWATCH}"`) ? 'watch' : 'channel';
}

/** The Refresh button listener, bound to `deps`. */
export function refreshCallback(deps: SlackDeps) {
  return async function refresh({ ack, body, action, respond, context }: ButtonArgs): Promise<void> {
    await ack();
    markAcked(context);
    const id = buttonPipelineId(action.value, deps.backend.ids);
    if (id === null) {
      await answerStaleButton(deps, respond, context);
      return;
    }
    setOutcome(context, 'ok', id);
    const where = clickedMessage(body);
    let card: ReturnType<typeof cardFor>;
    try {
      const pipeline = await deps.backend.getRun(id);
      card = cardFor(deps, pipeline, where.ephemeral ? 'private' : postedVariant(body.message), true);
    } catch (error) {
      setOutcome(context, outcomeOf(error), id);
      const failure = failureFor(deps, error, id);
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: failure.text,
        blocks: failure.blocks,
      });
      return;
    }
    if (where.ephemeral || where.channelId === null || where.ts === null) {
      await respond({ replace_original: true, text: card.text, blocks: card.blocks });
      return;
    }
    const { channelId, ts } = where;
    try {
      await callForPerson(() => deps.slack.update({ channel: channelId, ts, text: card.text, blocks: card.blocks }), {
        repeatAmbiguous: true,
      });
    } catch (error) {
      const code = slackErrorCode(classifySlackError(error));
      setOutcome(context, `slack_${code}`, id);
      deps.logger.warn('could not update a card', { channel: where.channelId, error: code });
      const notice = renderNotice({ kind: 'slack_failed' }, deps.locale);
      await respond({ response_type: 'ephemeral', replace_original: false, text: notice.text, blocks: notice.blocks });
    }
  };
}
