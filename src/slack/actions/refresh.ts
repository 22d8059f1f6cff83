/**
 * Refresh (and the error message's Try again): read again and replace the card in place — through the click's
 * `response_url` for private cards, `chat.update` for posted ones. A failed refresh keeps the card as it was and
 * tells the clicker privately. Bursts of clicks cost one API request: the backend's single-flight cache merges them.
 */
import type { SlackDeps } from '../deps.js';
import { setOutcome } from '../middleware/request-log.js';
import { type ButtonWork, buttonPipelineId } from './button-context.js';
import { clickedCardFor, replaceClickedCard } from './replace-card.js';
import { runForClick } from './run-for-click.js';
import { answerStaleButton } from './stale-button.js';

/** The Refresh button's work, bound to `deps`. */
export function refreshCallback(deps: SlackDeps): ButtonWork {
  return async function refresh({ body, action }, request) {
    const id = buttonPipelineId(action.value, deps.backend.ids);
    if (id === null) return answerStaleButton(deps, request);
    setOutcome(request.context, 'ok', id);
    const pipeline = await runForClick(deps, request, id, 'refresh');
    if (pipeline === null) return;
    const card = clickedCardFor(deps, body, pipeline);
    await replaceClickedCard(deps, request, body, card, id);
  };
}
