/**
 * Watch in channel and Stop watching: each asks the watch service about the card's pipeline in the conversation
 * the click came from — never another one, whatever the button says: a watch card copied elsewhere only answers
 * "not watched here". Without a pipeline or a conversation there is nothing to do but say the button is stale.
 */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { PipelineId } from '../../domain/pipeline-id.js';
import type { SlackMessage } from '../../render/types.js';
import type { SlackDeps, WatchCommands } from '../deps.js';
import { markAcked } from '../middleware/request-log.js';
import { answerWatch } from '../watch-answers.js';
import { buttonPipelineId, clickedMessage } from './button-context.js';
import { answerStaleButton } from './stale-button.js';

type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>;

/** Which watch, as the click names it. */
interface ClickedWatch {
  teamId: string;
  channelId: string;
  pipelineId: PipelineId;
  userId: string;
}

/** A watch button's listener, bound to `deps`: `call` is what it asks the watch service. */
function watchButton(deps: SlackDeps, call: (watches: WatchCommands, watch: ClickedWatch) => Promise<SlackMessage>) {
  return async function watchButtonClicked({ ack, body, action, respond, context }: ButtonArgs): Promise<void> {
    await ack();
    markAcked(context);
    const pipelineId = buttonPipelineId(action.value, deps.backend.ids);
    const where = clickedMessage(body);
    if (pipelineId === null || where.channelId === null) {
      await answerStaleButton(deps, respond, context);
      return;
    }
    const watch = {
      teamId: where.teamId ?? context.teamId ?? '',
      channelId: where.channelId,
      pipelineId,
      userId: where.userId ?? '',
    };
    await answerWatch({ deps, respond, context, pipelineId, call: (watches) => call(watches, watch) });
  };
}

/** The Watch in channel button (filter `changes`). */
export const watchCallback = (deps: SlackDeps) =>
  watchButton(deps, (watches, watch) => watches.watch({ ...watch, filter: 'changes' }));

/** The Stop watching button. */
export const unwatchCallback = (deps: SlackDeps) => watchButton(deps, (watches, watch) => watches.unwatch(watch));
