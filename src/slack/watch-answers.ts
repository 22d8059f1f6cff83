/** `watch`, `unwatch` and `list` (subcommands and buttons) answered through the watch service, privately. */
import type { Context, RespondFn } from '@slack/bolt';
import { renderNotice } from '../render/notice-message.js';
import type { SlackMessage } from '../render/types.js';
import { failureFor, outcomeOf } from './cards.js';
import type { SlackDeps, WatchCommands } from './deps.js';
import { setOutcome } from './middleware/request-log.js';

/** One watch request: which call to make, and the pipeline it is about (for messages and logs). */
export interface WatchRequest {
  deps: SlackDeps;
  respond: RespondFn;
  context: Context;
  pipelineId: string | null;
  call: (watches: WatchCommands) => Promise<SlackMessage>;
}

/** Runs `call` on the watch service and answers privately with its confirmation or the failure. */
export async function answerWatch(r: WatchRequest): Promise<void> {
  const { deps, context } = r;
  const id = r.pipelineId ?? undefined;
  let message: SlackMessage;
  if (deps.watches === null) {
    setOutcome(context, 'watch_unavailable', id);
    message = renderNotice({ kind: 'watch_unavailable' }, deps.locale);
  } else {
    try {
      message = await r.call(deps.watches);
      setOutcome(context, 'ok', id);
    } catch (error) {
      setOutcome(context, outcomeOf(error), id);
      deps.logger.warn('watch request failed', { pipelineId: id, error });
      message = failureFor(deps, error, r.pipelineId ?? '');
    }
  }
  await r.respond({ response_type: 'ephemeral', replace_original: false, text: message.text, blocks: message.blocks });
}
