/**
 * Refresh (and the error message's Try again): read again and replace the card in place — through the click's
 * `response_url` for private cards, `chat.update` for posted ones. A failed refresh keeps the card as it was and
 * tells the clicker privately. Bursts of clicks cost one API request: the backend's single-flight cache merges them.
 */
import type { BlockButtonAction } from '@slack/bolt';
import { ACTION_UNWATCH } from '../../render/action-ids.js';
import { renderNotice } from '../../render/notice-message.js';
import type { CardVariant } from '../../render/types.js';
import { classifySlackError, slackErrorCode } from '../../slack-api/errors.js';
import { callForPerson } from '../../slack-api/web-api.js';
import { refuseNotFound, refuseUnseen } from '../access-checks.js';
import { cardFor, failureFor, outcomeOf } from '../cards.js';
import type { SlackDeps } from '../deps.js';
import { setOutcome } from '../middleware/request-log.js';
import { type ButtonWork, buttonPipelineId, clickedMessage } from './button-context.js';
import { answerStaleButton } from './stale-button.js';

// A watch card is the one with a Stop watching button; it must stay a watch card after a refresh.
function postedVariant(message: BlockButtonAction['message']): CardVariant {
  return JSON.stringify(message?.blocks ?? []).includes(`"${ACTION_UNWATCH}"`) ? 'watch' : 'channel';
}

/** The Refresh button's work, bound to `deps`. */
export function refreshCallback(deps: SlackDeps): ButtonWork {
  return async function refresh({ body, action }, request) {
    const { context, answer } = request;
    const id = buttonPipelineId(action.value, deps.backend.ids);
    if (id === null) return answerStaleButton(deps, request);
    setOutcome(context, 'ok', id);
    const where = clickedMessage(body);
    let card: ReturnType<typeof cardFor>;
    try {
      const pipeline = await deps.backend.getRun(id);
      // A button's value is the clicker's to forge: the policy judges the pipeline it names, here.
      const unseen = refuseUnseen(deps, request, pipeline, 'refresh');
      if (unseen) {
        await answer.send(unseen);
        return;
      }
      card = cardFor(deps, pipeline, where.ephemeral ? 'private' : postedVariant(body.message), true);
    } catch (error) {
      const hidden = refuseNotFound(deps, request, error, id, 'refresh');
      if (!hidden) setOutcome(context, outcomeOf(error), id);
      await answer.send(hidden ?? failureFor(deps, error, id));
      return;
    }
    if (where.ephemeral || where.channelId === null || where.ts === null) {
      await answer.send(card, { replace: true });
      return;
    }
    const { channelId, ts } = where;
    try {
      const edit = { channel: channelId, ts, text: card.text, blocks: card.blocks };
      await callForPerson(() => deps.slack.update(edit), { repeatAmbiguous: true });
    } catch (error) {
      const code = slackErrorCode(classifySlackError(error));
      setOutcome(context, `slack_${code}`, id);
      deps.logger.warn('could not update a card', { channel: channelId, error: code });
      await answer.send(renderNotice({ kind: 'slack_failed' }, deps.locale));
    }
  };
}
