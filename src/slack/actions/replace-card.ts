/**
 * Puts a fresh card in place of the one clicked: through the click's `response_url` for a private card, with
 * `chat.update` for a posted one (a watch card stays a watch card). When Slack will not take the edit, the clicker
 * is told privately. Refresh and the review buttons share it, so a card never shows buttons for a review that is
 * over.
 */
import type { BlockButtonAction } from '@slack/bolt';
import type { PipelineRun } from '../../domain/pipeline.js';
import { ACTION_UNWATCH } from '../../render/action-ids.js';
import { renderNotice } from '../../render/notice-message.js';
import type { CardVariant, SlackMessage } from '../../render/types.js';
import { classifySlackError, slackErrorCode } from '../../slack-api/errors.js';
import { callForPerson } from '../../slack-api/web-api.js';
import { cardFor } from '../cards.js';
import type { SlackDeps } from '../deps.js';
import type { ListenerRequest } from '../listener.js';
import { setOutcome } from '../middleware/request-log.js';
import { clickedMessage } from './button-context.js';

// A watch card is the one with a Stop watching button; it must stay a watch card after a refresh.
function postedVariant(message: BlockButtonAction['message']): CardVariant {
  return JSON.stringify(message?.blocks ?? []).includes(`"${ACTION_UNWATCH}"`) ? 'watch' : 'channel';
}

/** The card of `pipeline` for the message clicked in `body` (its variant kept). */
export function clickedCardFor(deps: SlackDeps, body: BlockButtonAction, pipeline: PipelineRun): SlackMessage {
  const where = clickedMessage(body);
  return cardFor(deps, pipeline, where.ephemeral ? 'private' : postedVariant(body.message), { refreshed: true });
}

/** Replaces the clicked message with `card`. */
export async function replaceClickedCard(
  deps: SlackDeps,
  request: ListenerRequest,
  body: BlockButtonAction,
  card: SlackMessage,
  pipelineId: string,
): Promise<void> {
  const where = clickedMessage(body);
  if (where.ephemeral || where.channelId === null || where.ts === null) {
    await request.answer.send(card, { replace: true });
    return;
  }
  const { channelId, ts } = where;
  try {
    const edit = { channel: channelId, ts, text: card.text, blocks: card.blocks };
    await callForPerson(() => deps.slack.update(edit), { repeatAmbiguous: true });
  } catch (error) {
    const code = slackErrorCode(classifySlackError(error));
    setOutcome(request.context, `slack_${code}`, pipelineId);
    deps.logger.warn('could not update a card', { channel: channelId, error: code });
    await request.answer.send(renderNotice({ kind: 'slack_failed' }, deps.locale));
  }
}
