/**
 * Watch in channel and Stop watching: each asks the watch service about the card's pipeline in the conversation
 * the click came from — never another one, whatever the button says: a watch card copied elsewhere only answers
 * "not watched here". Without a pipeline or a conversation there is nothing to do but say the button is stale.
 */
import type { SlackDeps } from '../deps.js';
import { answerWatch } from '../watch-answers.js';
import { type ButtonWork, buttonPipelineId } from './button-context.js';
import { answerStaleButton } from './stale-button.js';

/** A watch button's work, bound to `deps`: `kind` is what it asks the watch service. */
function watchButton(deps: SlackDeps, kind: 'watch' | 'unwatch'): ButtonWork {
  return async function watchButtonClicked({ action }, request) {
    const pipelineId = buttonPipelineId(action.value, deps.backend.ids);
    if (pipelineId === null || request.channelId === null) return answerStaleButton(deps, request);
    const watch = {
      // The bot's own workspace keys a watch (a channel shared across a Grid organisation has one).
      teamId: deps.workspace.teamId ?? request.teamId ?? request.context.teamId ?? '',
      channelId: request.channelId,
      pipelineId,
      userId: request.userId ?? '',
    };
    const call = kind === 'watch' ? { kind, ...watch, filter: 'changes' as const } : { kind, ...watch };
    await answerWatch({ deps, request, call });
  };
}

/** The Watch in channel button (filter `changes`). */
export const watchCallback = (deps: SlackDeps): ButtonWork => watchButton(deps, 'watch');

/** The Stop watching button. */
export const unwatchCallback = (deps: SlackDeps): ButtonWork => watchButton(deps, 'unwatch');
