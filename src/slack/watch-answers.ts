/**
 * `watch`, `unwatch` and `list` (subcommands and buttons) answered through the watch service, privately — after
 * the access policy: starting a watch needs a pipeline the person may see, a conversation cards may be posted in,
 * and (where the policy says so) an admin; stopping one needs its starter, the channel's creator or an admin.
 */
import type { PipelineId } from '../domain/pipeline-id.js';
import { isStoreUnavailable } from '../domain/store-error.js';
import type { WatchFilter } from '../domain/watch-filter.js';
import { renderNotice } from '../render/notice-message.js';
import type { SlackMessage } from '../render/types.js';
import { renderWaitingMessage } from '../render/waiting-message.js';
import { renderWatchDatabaseUnavailable } from '../render/watch-command-messages.js';
import { audited, mayStopWatch, refusal, refuseNotFound, refuseUnseen } from './access-checks.js';
import { failureFor, outcomeOf } from './cards.js';
import type { SlackDeps, WatchCommands } from './deps.js';
import type { ListenerRequest } from './listener.js';
import { setOutcome } from './middleware/request-log.js';
import { awaitWithNotice } from './slow-answer.js';

/** What is asked of the watch service. */
export type WatchCall =
  | { kind: 'watch'; teamId: string; channelId: string; pipelineId: PipelineId; filter: WatchFilter; userId: string }
  | { kind: 'unwatch'; teamId: string; channelId: string; pipelineId: PipelineId; userId: string }
  | { kind: 'list'; teamId: string; channelId: string };

/** One watch request. */
export interface WatchAsk {
  deps: SlackDeps;
  request: ListenerRequest;
  call: WatchCall;
  /**
   * `/pipeline watch <id>` reads the pipeline first: when the API is slow the person gets the slow note, then the
   * answer. Buttons leave it off: the card they were clicked on is already on screen.
   */
  showWaiting?: boolean;
}

/** Runs the call on the watch service (after the policy's checks) and answers privately. */
export async function answerWatch(r: WatchAsk): Promise<void> {
  const { deps, request, call } = r;
  const { context, answer } = request;
  const id = call.kind === 'list' ? null : call.pipelineId;
  if (deps.watches === null) {
    setOutcome(context, 'watch_unavailable', id ?? undefined);
    await answer.send(renderNotice({ kind: 'watch_unavailable' }, deps.locale));
    return;
  }
  const afterMs = r.showWaiting === true ? deps.waitingAfterMs : Number.POSITIVE_INFINITY;
  const waiting = renderWaitingMessage({
    subject: id ?? '',
    kind: 'id',
    locale: deps.locale,
    backend: deps.backend.info.kind,
  });
  const watches = deps.watches;
  // Through a promise, so a call that throws at once is a failure like any other.
  const work = Promise.resolve().then(() => run(deps, request, watches, call));
  const { result } = await awaitWithNotice(work, afterMs, () => answer.send(waiting));
  if (result.status === 'fulfilled') {
    await answer.send(result.value);
    return;
  }
  const hidden = id === null ? null : refuseNotFound(deps, request, result.reason, id, call.kind);
  if (hidden) {
    await answer.send(hidden);
    return;
  }
  if (isStoreUnavailable(result.reason)) {
    setOutcome(context, 'database_unavailable', id ?? undefined);
    if (call.kind !== 'list') audited(deps, request, call.kind, id, 'database_unavailable');
    deps.logger.warn('watch request failed: the database is unavailable', { pipelineId: id });
    await answer.send(renderWatchDatabaseUnavailable(deps.locale));
    return;
  }
  setOutcome(context, outcomeOf(result.reason), id ?? undefined);
  if (call.kind !== 'list') audited(deps, request, call.kind, id, outcomeOf(result.reason));
  deps.logger.warn('watch request failed', { pipelineId: id, error: result.reason });
  // Try again would only refresh a card, not retry the watch: the person runs the command again.
  await answer.send(failureFor(deps, result.reason, id ?? '', { retry: false }));
}

/** The checks and the call; the answer to send. */
async function run(
  deps: SlackDeps,
  request: ListenerRequest,
  watches: WatchCommands,
  call: WatchCall,
): Promise<SlackMessage> {
  const { context, access } = request;
  if (call.kind === 'list') {
    setOutcome(context, 'ok');
    return watches.list(call);
  }
  const id = call.pipelineId;
  if (call.kind === 'watch') {
    // Read first: the policy judges the pipeline by its group (the service reads it again, from the cache).
    const unseen = refuseUnseen(deps, request, await deps.backend.getRun(id), 'watch');
    if (unseen) return unseen;
    if (!access.mayPost)
      return refusal(deps, request, { kind: 'cannot_post', asked: 'watch', pipelineId: id }, 'watch', id);
    if (access.watchAdminsOnly && request.person?.admin !== true) {
      return refusal(deps, request, { kind: 'watch_admins_only', pipelineId: id }, 'watch', id);
    }
    const message = await watches.watch(call);
    setOutcome(context, 'ok', id);
    audited(deps, request, 'watch', id, 'ok');
    return message;
  }
  const startedBy = await watches.startedBy(call);
  if (startedBy !== undefined && !(await mayStopWatch(request, startedBy, (c) => deps.people.creatorOf(c)))) {
    return refusal(deps, request, { kind: 'stop_not_allowed', pipelineId: id, startedBy }, 'unwatch', id);
  }
  const message = await watches.unwatch(call);
  setOutcome(context, 'ok', id);
  audited(deps, request, 'unwatch', id, startedBy === undefined ? 'not_watched' : 'ok');
  return message;
}
