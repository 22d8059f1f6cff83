/**
 * Watch in channel and Stop watching: each asks the watch service about the card's pipeline in the conversation
 * the click came from — never another one, whatever the button says: a watch card copied elsewhere only answers
 * "not watched here". Without a pipeline or a conversation there is nothing to do but say the button is stale.
 */
import type { PipelineId } from '../../domain/pipeline-id.js';
import type { SlackMessage } from '../../render/types.js';
import type { SlackDeps, WatchCommands } from '../deps.js';
import { answerWatch } from '../watch-answers.js';
import { type ButtonWork, buttonPipelineId } from './button-context.js';
import { answerStaleButton } from './stale-button.js';

/** Which watch, as the click names it. */
interface ClickedWatch {
  teamId: string;
  channelId: string;
  pipelineId: PipelineId;
  userId: string;
}

/** A watch button's work, bound to `deps`: `call` is what it asks the watch service. */
function watchButton(
  deps: SlackDeps,
  call: (watches: WatchCommands, watch: ClickedWatch) => Promise<SlackMessage>,
): ButtonWork {
  return async function watchButtonClicked({ action }, request) {
    const pipelineId = buttonPipelineId(action.value, deps.backend.ids);
    if (pipelineId === null || request.channelId === null) return answerStaleButton(deps, request);
    const watch = {
      teamId: request.teamId ?? request.context.teamId ?? '',
      channelId: request.channelId,
      pipelineId,
      userId: request.userId ?? '',
    };
    await answerWatch({ deps, request, pipelineId, call: (watches) => call(watches, watch) });
  };
}

/** The Watch in channel button (filter `changes`). */
export const watchCallback = (deps: SlackDeps): ButtonWork =>
  watchButton(deps, (watches, watch) => watches.watch({ ...watch, filter: 'changes' }));

/** The Stop watching button. */
export const unwatchCallback = (deps: SlackDeps): ButtonWork =>
  watchButton(deps, (watches, watch) => watches.unwatch(watch));
