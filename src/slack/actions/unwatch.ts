/**
 * Stop watching: asks the watch service to stop watching the card's pipeline in the conversation the click came
 * from — never another one, whatever the button says: a watch card copied elsewhere only answers "not watched here".
 */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';
import { markAcked } from '../middleware/request-log.js';
import { answerWatch } from '../watch-answers.js';
import { buttonPipelineId, clickedMessage } from './button-context.js';
import { answerStaleButton } from './stale-button.js';

type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>;

/** The Stop watching button listener, bound to `deps`. */
export function unwatchCallback(deps: SlackDeps) {
  return async function unwatch({ ack, body, action, respond, context }: ButtonArgs): Promise<void> {
    await ack();
    markAcked(context);
    const pipelineId = buttonPipelineId(action.value);
    const where = clickedMessage(body);
    if (pipelineId === null || where.channelId === null) {
      await answerStaleButton(deps, respond, context);
      return;
    }
    const input = {
      teamId: where.teamId ?? context.teamId ?? '',
      channelId: where.channelId,
      pipelineId,
      userId: where.userId ?? '',
    };
    await answerWatch({ deps, respond, context, pipelineId, call: (w) => w.unwatch(input) });
  };
}
