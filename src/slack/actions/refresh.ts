/**
 * Refresh (and the error message's Try again): read again and replace the card in place — through the click's
 * `response_url` for private cards, `chat.update` for posted ones. A failed refresh keeps the card as it was and
 * tells the clicker privately. Bursts of clicks cost one API request: the backend's single-flight cache merges them.
 */
import { refuseNotFound, refuseUnseen } from '../access-checks.js';
import { failureFor, outcomeOf } from '../cards.js';
import type { SlackDeps } from '../deps.js';
import { setOutcome } from '../middleware/request-log.js';
import { type ButtonWork, buttonPipelineId } from './button-context.js';
import { clickedCardFor, replaceClickedCard } from './replace-card.js';
import { answerStaleButton } from './stale-button.js';

/** The Refresh button's work, bound to `deps`. */
export function refreshCallback(deps: SlackDeps): ButtonWork {
  return async function refresh({ body, action }, request) {
    const { context, answer } = request;
    const id = buttonPipelineId(action.value, deps.backend.ids);
    if (id === null) return answerStaleButton(deps, request);
    setOutcome(context, 'ok', id);
    let card: ReturnType<typeof clickedCardFor>;
    try {
      const pipeline = await deps.backend.getRun(id);
      // A button's value is the clicker's to forge: the policy judges the pipeline it names, here.
      const unseen = refuseUnseen(deps, request, pipeline, 'refresh');
      if (unseen) {
        await answer.send(unseen);
        return;
      }
      card = clickedCardFor(deps, body, pipeline);
    } catch (error) {
      const hidden = refuseNotFound(deps, request, error, id, 'refresh');
      if (!hidden) setOutcome(context, outcomeOf(error), id);
      await answer.send(hidden ?? failureFor(deps, error, id));
      return;
    }
    await replaceClickedCard(deps, request, body, card, id);
  };
}
