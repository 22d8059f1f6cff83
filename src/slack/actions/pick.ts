/** A pick-list button: the chosen pipeline's private card replaces the list. */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';
import { markAcked } from '../middleware/request-log.js';
import { showPrivateCard } from '../show-pipeline.js';
import { buttonPipelineId } from './button-context.js';
import { answerStaleButton } from './stale-button.js';

type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>;

/** The pick button listener, bound to `deps`. */
export function pickCallback(deps: SlackDeps) {
  return async function pick({ ack, action, respond, context }: ButtonArgs): Promise<void> {
    await ack();
    markAcked(context);
    const id = buttonPipelineId(action.value, deps.backend.ids);
    if (id === null) {
      await answerStaleButton(deps, respond, context);
      return;
    }
    await showPrivateCard({ deps, respond, context, replaceOriginal: true }, id);
  };
}
