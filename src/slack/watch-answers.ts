/** `watch`, `unwatch` and `list` (subcommands and buttons) answered through the watch service, privately. */
import type { PipelineId } from '../domain/pipeline-id.js';
import { renderNotice } from '../render/notice-message.js';
import type { SlackMessage } from '../render/types.js';
import { renderWaitingMessage } from '../render/waiting-message.js';
import { failureFor, outcomeOf } from './cards.js';
import type { SlackDeps, WatchCommands } from './deps.js';
import type { ListenerRequest } from './listener.js';
import { setOutcome } from './middleware/request-log.js';
import { awaitWithNotice } from './slow-answer.js';

/** One watch request: which call to make, and the pipeline it is about (for messages and logs). */
export interface WatchAsk {
  deps: SlackDeps;
  request: ListenerRequest;
  pipelineId: PipelineId | null;
  call: (watches: WatchCommands) => Promise<SlackMessage>;
  /**
   * `/pipeline watch <id>` reads the pipeline first: when the API is slow the person gets the slow note, then the
   * answer. Buttons leave it off: the card they were clicked on is already on screen.
   */
  showWaiting?: boolean;
}

/** Runs `call` on the watch service and answers privately with its confirmation or the failure. */
export async function answerWatch(r: WatchAsk): Promise<void> {
  const { deps, request } = r;
  const { context, answer } = request;
  const id = r.pipelineId ?? undefined;
  if (deps.watches === null) {
    setOutcome(context, 'watch_unavailable', id);
    await answer.send(renderNotice({ kind: 'watch_unavailable' }, deps.locale));
    return;
  }
  const afterMs = r.showWaiting === true ? deps.waitingAfterMs : Number.POSITIVE_INFINITY;
  const waiting = renderWaitingMessage({
    subject: r.pipelineId ?? '',
    kind: 'id',
    locale: deps.locale,
    backend: deps.backend.info.kind,
  });
  const watches = deps.watches;
  // Through a promise, so a call that throws at once is a failure like any other.
  const work = Promise.resolve().then(() => r.call(watches));
  const { result } = await awaitWithNotice(work, afterMs, () => answer.send(waiting));
  if (result.status === 'fulfilled') {
    setOutcome(context, 'ok', id);
    await answer.send(result.value);
    return;
  }
  setOutcome(context, outcomeOf(result.reason), id);
  deps.logger.warn('watch request failed', { pipelineId: id, error: result.reason });
  // Try again would only refresh a card, not retry the watch: the person runs the command again.
  await answer.send(failureFor(deps, result.reason, r.pipelineId ?? '', { retry: false }));
}
