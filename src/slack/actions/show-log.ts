/**
 * Show log (a card whose run failed in a job the API keeps a log for): the end of the failed step's log — read
 * backwards, bounded, masked by the backend — in the thread of the card clicked when it is posted where cards may
 * be posted, else privately. The button's value names a pipeline and a log; both are checked, never trusted: the
 * pipeline must be one the clicker may see, and the log one of its current run's failed jobs.
 */
import type { PipelineRun } from '../../domain/pipeline.js';
import { readLogButtonValue } from '../../render/buttons.js';
import { renderLogTail } from '../../render/log-tail-message.js';
import { postForPerson } from '../../slack-api/web-api.js';
import { refuseNotFound, refuseUnseen } from '../access-checks.js';
import { failureFor, outcomeOf } from '../cards.js';
import type { SlackDeps } from '../deps.js';
import { setOutcome } from '../middleware/request-log.js';
import { type ButtonWork, clickedMessage } from './button-context.js';
import { answerStaleButton } from './stale-button.js';

/** Lines of log a person is shown: the end, where the error is. */
export const LOG_TAIL_LINES = 40;

const jobWithLog = (run: PipelineRun, logRef: string) =>
  run.stages.flatMap((stage) => stage.jobs).find((job) => job.logRef === logRef) ?? null;

/** The Show log button's work, bound to `deps`. */
export function showLogCallback(deps: SlackDeps): ButtonWork {
  return async function showLog({ action, body }, request) {
    const { answer, context } = request;
    const value = readLogButtonValue(action.value);
    const id = value === null ? null : deps.backend.ids.parse(value.pipelineId);
    const logTail = deps.backend.logTail?.bind(deps.backend);
    if (value === null || id === null || logTail === undefined) return answerStaleButton(deps, request);
    setOutcome(context, 'ok', id);
    try {
      const run = await deps.backend.getRun(id);
      const unseen = refuseUnseen(deps, request, run, 'show_log');
      if (unseen) return void (await answer.send(unseen));
      const job = jobWithLog(run, value.logRef);
      // A log of another run (or none of this pipeline's): the card is older than the pipeline.
      if (job === null) return answerStaleButton(deps, request);
      const tail = await logTail({ pipelineId: id, ref: value.logRef, maxLines: LOG_TAIL_LINES });
      const message = renderLogTail({
        locale: deps.locale,
        pipelineName: run.name,
        pipelineId: id,
        jobName: job.name,
        lines: tail.lines,
        truncated: tail.truncated,
      });
      const where = clickedMessage(body);
      if (!where.ephemeral && where.channelId !== null && where.ts !== null && request.access.mayPost) {
        const post = { channel: where.channelId, thread_ts: where.ts, text: message.text, blocks: message.blocks };
        try {
          await postForPerson(deps.slack, post);
          return;
        } catch (error) {
          deps.logger.warn('could not post a log in the card’s thread: answering privately', { error });
        }
      }
      await answer.send(message);
    } catch (error) {
      const hidden = refuseNotFound(deps, request, error, id, 'show_log');
      if (!hidden) setOutcome(context, outcomeOf(error), id);
      await answer.send(hidden ?? failureFor(deps, error, id, { retry: false }));
    }
  };
}
