/** Watch in channel: asks the watch service to watch the card's pipeline here (filter `changes`). */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';
import { markAcked } from '../middleware/request-log.js';
import { answerWatch } from '../watch-answers.js';
import { buttonPipelineId, clickedMessage } from './button-context.js';
import { answerStaleButton } from './stale-button.js';

type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>;

/** The Watch button listener, bound to `deps`. */
export function watchCallback(deps: SlackDeps) {
  return async function watch({ ack, body, action, respond, context }: ButtonArgs): Promise<void> {
    await ack();
    markAcked(context);
    const pipelineId = buttonPipelineId(action.value);
    const where = clickedMessage(body);
    // Watching happens in the clicked card's conversation: without one (or without a pipeline) there is nothing to do.
    if (pipelineId === null || where.channelId === null) {
      await answerStaleButton(deps, respond, context);
      return;
    }
    const input = {
      teamId: where.teamId ?? context.teamId ?? '',
      channelId: where.channelId,
      pipelineId,
      filter: 'changes' as const,
      userId: where.userId ?? '',
    };
    await answerWatch({ deps, respond, context, pipelineId, call: (w) => w.watch(input) });
  };
}
