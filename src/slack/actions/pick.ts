/** A pick-list button: the chosen pipeline's private card replaces the list. */
import type { SlackDeps } from '../deps.js';
import { showPrivateCard } from '../show-pipeline.js';
import { type ButtonWork, buttonPipelineId } from './button-context.js';
import { answerStaleButton } from './stale-button.js';

/** The pick button's work, bound to `deps`. */
export function pickCallback(deps: SlackDeps): ButtonWork {
  return async function pick({ action }, request) {
    const id = buttonPipelineId(action.value, deps.backend.ids);
    if (id === null) return answerStaleButton(deps, request);
    await showPrivateCard({ deps, request, replaceClicked: true }, id);
  };
}
