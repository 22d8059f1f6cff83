/** Share: posts the private card's pipeline in the channel for everyone (or says privately why it cannot). */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';
import { markAcked } from '../middleware/request-log.js';
import { shareCard } from '../show-pipeline.js';
import { buttonPipelineId, clickedMessage } from './button-context.js';
import { answerStaleButton } from './stale-button.js';

type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>;

/** The Share button listener, bound to `deps`. */
export function shareCallback(deps: SlackDeps) {
  return async function share({ ack, body, action, respond, context }: ButtonArgs): Promise<void> {
    await ack();
    markAcked(context);
    const id = buttonPipelineId(action.value, deps.backend.ids);
    const { channelId } = clickedMessage(body);
    if (id === null || channelId === null) {
      await answerStaleButton(deps, respond, context);
      return;
    }
    await shareCard({ deps, respond, context, channelId, showWaiting: false }, id);
  };
}
