/** Share: posts the private card's pipeline in the channel for everyone (or says privately why it cannot). */
import type { SlackDeps } from '../deps.js';
import { shareCard } from '../show-pipeline.js';
import { type ButtonWork, buttonPipelineId } from './button-context.js';
import { answerStaleButton } from './stale-button.js';

/** The Share button's work, bound to `deps`. */
export function shareCallback(deps: SlackDeps): ButtonWork {
  return async function share({ action }, request) {
    const id = buttonPipelineId(action.value, deps.backend.ids);
    if (id === null || request.channelId === null) return answerStaleButton(deps, request);
    await shareCard({ deps, request, channelId: request.channelId, showWaiting: false }, id);
  };
}
