/** Stop watching: asks the watch service to stop watching the card's pipeline in this channel. */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';
import { markAcked } from '../middleware/request-log.js';
import { answerWatch } from '../watch-answers.js';
import { clickedMessage } from './button-context.js';

type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>;

/** The Stop watching button listener, bound to `deps`. */
export function unwatchCallback(deps: SlackDeps) {
  return async function unwatch({ ack, body, action, respond, context }: ButtonArgs): Promise<void> {
    await ack();
    markAcked(context);
    const pipelineId = action.value ?? '';
    const where = clickedMessage(body);
    const input = {
      teamId: where.teamId ?? context.teamId ?? '',
      channelId: where.channelId ?? '',
      pipelineId,
      userId: body.user.id,
    };
    await answerWatch({ deps, respond, context, pipelineId, call: (w) => w.unwatch(input) });
  };
}
