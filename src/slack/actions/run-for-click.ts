/**
 * The run a click acts on (Refresh, Approve, Refuse, Remind): read now, and judged by the policy — a button's value
 * is the clicker's to forge, so the pipeline it names is checked here, never trusted. When it cannot be read, or is
 * not the clicker's to see, the clicker has been answered and there is nothing more to do.
 */
import type { PipelineRun } from '../../domain/pipeline.js';
import type { PipelineId } from '../../domain/pipeline-id.js';
import { refuseNotFound, refuseUnseen } from '../access-checks.js';
import { failureFor, outcomeOf } from '../cards.js';
import type { SlackDeps } from '../deps.js';
import type { ListenerRequest } from '../listener.js';
import { setOutcome } from '../middleware/request-log.js';

/** The run of `id`, or `null` once the clicker was told why not (`retry`: offer to try again, as Refresh does). */
export async function runForClick(
  deps: SlackDeps,
  request: ListenerRequest,
  id: PipelineId,
  asked: string,
  options: { retry?: boolean } = {},
): Promise<PipelineRun | null> {
  let run: PipelineRun;
  try {
    run = await deps.backend.getRun(id);
  } catch (error) {
    const hidden = refuseNotFound(deps, request, error, id, asked);
    if (!hidden) setOutcome(request.context, outcomeOf(error), id);
    await request.answer.send(hidden ?? failureFor(deps, error, id, options));
    return null;
  }
  const unseen = refuseUnseen(deps, request, run, asked);
  if (unseen) {
    await request.answer.send(unseen);
    return null;
  }
  return run;
}
