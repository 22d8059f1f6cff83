/** `watch`, `unwatch` and `list` (subcommands and buttons) answered through the watch service, privately. */
import type { Context, RespondFn } from '@slack/bolt';
import type { PipelineId } from '../domain/pipeline-id.js';
import { renderNotice } from '../render/notice-message.js';
import type { SlackMessage } from '../render/types.js';
import { renderWaitingMessage } from '../render/waiting-message.js';
import { failureFor, outcomeOf } from './cards.js';
import type { SlackDeps, WatchCommands } from './deps.js';
import { setOutcome } from './middleware/request-log.js';
import { awaitWithNotice } from './slow-answer.js';

/** One watch request: which call to make, and the pipeline it is about (for messages and logs). */
export interface WatchRequest {
  deps: SlackDeps;
  respond: RespondFn;
  context: Context;
  pipelineId: PipelineId | null;
  call: (watches: WatchCommands) => Promise<SlackMessage>;
  /**
   * `/pipeline watch <id>` reads SWR first: when it is slow the user sees "still waiting…", then the answer in its
   * place. Buttons leave it off: their `response_url` would replace the clicked card, not the notice.
   */
  showWaiting?: boolean;
}

/** Runs `call` on the watch service and answers privately with its confirmation or the failure. */
export async function answerWatch(r: WatchRequest): Promise<void> {
  const { deps, context } = r;
  const id = r.pipelineId ?? undefined;
  let message: SlackMessage;
  let replace = false;
  if (deps.watches === null) {
    setOutcome(context, 'watch_unavailable', id);
    message = renderNotice({ kind: 'watch_unavailable' }, deps.locale);
  } else {
    const afterMs = r.showWaiting === true ? deps.waitingAfterMs : Number.POSITIVE_INFINITY;
    const waiting = renderWaitingMessage({ subject: r.pipelineId ?? '', kind: 'id', locale: deps.locale });
    const watches = deps.watches;
    // Through a promise, so a call that throws at once is a failure like any other.
    const work = Promise.resolve().then(() => r.call(watches));
    const { result, noticeShown } = await awaitWithNotice(work, afterMs, () =>
      r.respond({ response_type: 'ephemeral', replace_original: false, text: waiting.text, blocks: waiting.blocks }),
    );
    replace = noticeShown;
    if (result.status === 'fulfilled') {
      message = result.value;
      setOutcome(context, 'ok', id);
    } else {
      setOutcome(context, outcomeOf(result.reason), id);
      deps.logger.warn('watch request failed', { pipelineId: id, error: result.reason });
      // Try again would only refresh a card, not retry the watch: the user runs the command again.
      message = failureFor(deps, result.reason, r.pipelineId ?? '', { retry: false });
    }
  }
  await r.respond({
    response_type: 'ephemeral',
    replace_original: replace,
    text: message.text,
    blocks: message.blocks,
  });
}
