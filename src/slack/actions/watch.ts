/** Watch in channel: asks the watch service to watch the card's pipeline here (filter `changes`). */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';
import { markAcked } from '../middleware/request-log.js';
import { answerWatch } from '../watch-answers.js';
import { clickedMessage } from './button-context.js';

type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>;

/** The Watch button listener, bound to `deps`. */
export function watchCallback(deps: SlackDeps) {
  return async function watch({ ack, body, action, respond, context }: ButtonArgs): Promise<void> {
    await ack();
    markAcked(context);
    const pipelineId = action.value ?? '';
    const where = clickedMessage(body);
    const input = {
      teamId: where.teamId ?? context.teamId ?? '',
      channelId: where.channelId ?? '',
      pipelineId,
      filter: 'changes' as const,
      userId: body.user.id,
    };
    await answerWatch({ deps, respond, context, pipelineId, call: (w) => w.watch(input) });
  };
}
