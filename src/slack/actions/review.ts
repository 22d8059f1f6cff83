/**
 * Approve and Refuse on a card: the review is sent to the API with the clicker's own linked credential — never
 * the bot's, which only reads. Without a link (or with one that expired) nothing is sent and the clicker gets the
 * Link button. The review is checked against a fresh read first (the run may have moved on, the review may be
 * decided, the clicker may have voted), and every outcome is one private sentence; the clicked card is replaced
 * with the pipeline as it stands either way, so it never offers buttons for a review that is over. A review taken
 * is noted in the thread of each live watch card of the pipeline, and in the audit trail.
 */
import type { BlockButtonAction } from '@slack/bolt';
import { type LinkedAccount, linkExpired } from '../../accounts/linked-accounts.js';
import { isBackendError } from '../../domain/backend-error.js';
import type { PipelineRun } from '../../domain/pipeline.js';
import type { PipelineId } from '../../domain/pipeline-id.js';
import { findReview, type ReviewStanding, reviewStanding } from '../../domain/review-standing.js';
import { type ReviewButtonValue, readReviewButtonValue } from '../../render/review-buttons.js';
import { type ReviewNotice, renderReviewNotice, renderReviewThreadNote } from '../../render/review-messages.js';
import { postForPerson } from '../../slack-api/web-api.js';
import type { SlackDeps } from '../deps.js';
import type { ListenerRequest } from '../listener.js';
import { setOutcome } from '../middleware/request-log.js';
import { workspaceOf } from '../workspace.js';
import { type ButtonWork, clickedOnView } from './button-context.js';
import { clickedCardFor, replaceClickedCard } from './replace-card.js';
import { runForClick } from './run-for-click.js';
import { answerStaleButton } from './stale-button.js';

type Decision = 'pass' | 'refuse';

/** Where the clicked card is, when it is no message (App Home): the click's view is republished instead. */
export type ReviewOutcomeSink = (request: ListenerRequest, notice: ReviewNotice) => Promise<void>;

/** The clicker's usable link, or why there is none (`not_linked`, `relink`: its token expired). */
async function usableLink(deps: SlackDeps, request: ListenerRequest): Promise<LinkedAccount | 'not_linked' | 'relink'> {
  if (request.userId === null) return 'not_linked';
  const link = await deps.linking.accounts.find(workspaceOf(deps, request), request.userId);
  if (link === null) return 'not_linked';
  if (linkExpired(link, deps.now())) return 'relink';
  return link;
}

const STANDING_NOTICE: Record<Exclude<ReviewStanding, 'waiting'>, ReviewNotice> = {
  moved_on: { kind: 'moved_on' },
  already_decided: { kind: 'already_decided' },
  you_decided: { kind: 'you_decided' },
};

function stageName(run: PipelineRun, ref: string): string {
  const found = findReview(run, ref);
  return (found && run.stages[found.stageIndex]?.name) || '?';
}

/** The clicker's sentence for a failed review call; `null` for an unexpected error (rethrown). */
function failureNotice(error: unknown, stage: string): ReviewNotice | null {
  if (!isBackendError(error)) return null;
  switch (error.kind) {
    case 'unauthorized':
      return { kind: 'relink' };
    case 'forbidden':
      return { kind: 'not_reviewer', stage };
    case 'rate_limited':
    case 'upstream':
    case 'timeout':
    case 'network':
      return { kind: 'api_unreachable' };
    default:
      return { kind: 'api_refused' };
  }
}

/** Sends the review; the notice to give and the audit outcome. */
async function sendReview(
  deps: SlackDeps,
  request: ListenerRequest,
  input: { id: PipelineId; value: ReviewButtonValue; decision: Decision; link: LinkedAccount; run: PipelineRun },
): Promise<{ notice: ReviewNotice; outcome: string }> {
  const { id, value, decision, link, run } = input;
  const stage = stageName(run, value.ref);
  try {
    await deps.backend.review({ pipelineId: id, ref: value.ref, decision, as: link.credential });
    return { notice: { kind: 'done', decision, stage, pipeline: run.name }, outcome: 'ok' };
  } catch (error) {
    const notice = failureNotice(error, stage);
    if (notice === null) throw error;
    const kind = isBackendError(error) ? error.kind : 'error';
    // The API no longer takes this credential: forget it, so the next click asks for a fresh link.
    if (kind === 'unauthorized') await deps.linking.accounts.remove(workspaceOf(deps, request), link.slackUserId);
    if (kind === 'bad_request') {
      // A second click racing the first, or the stage moving on meanwhile: say which, from a fresh read.
      const fresh = await deps.backend.getRun(id).catch(() => null);
      const standing = fresh && reviewStanding(fresh, value.ref, value.runKey, link.huaweiUser);
      if (standing && standing !== 'waiting') return { notice: STANDING_NOTICE[standing], outcome: standing };
    }
    return { notice, outcome: `api_${kind}` };
  }
}

/** Notes a review taken from Slack in the thread of each live watch card of the pipeline's run. */
async function noteInThreads(
  deps: SlackDeps,
  request: ListenerRequest,
  run: PipelineRun,
  note: { who: string; decision: Decision; stage: string; runKey: string },
): Promise<void> {
  if (deps.watches === null) return;
  const message = renderReviewThreadNote(note.who, note.decision, note.stage, deps.locale);
  const watches = await deps.watches.teamWatches({ teamId: workspaceOf(deps, request), limit: 1000 });
  for (const watch of watches) {
    // Only the card of the run reviewed: a card still showing an earlier run (the watcher not past it yet) is not it.
    if (watch.pipelineId !== String(run.id) || watch.card === null || watch.card.runKey !== note.runKey) continue;
    const post = {
      channel: watch.card.channelId,
      thread_ts: watch.card.ts,
      text: message.text,
      blocks: message.blocks,
    };
    try {
      await postForPerson(deps.slack, post);
    } catch (error) {
      deps.logger.warn('could not note a review in a watch thread', { channel: watch.card.channelId, error });
    }
  }
}

/** The Approve (`pass`) or Refuse (`refuse`) button's work; `elsewhere` answers clicks that are not on a message. */
export function reviewCallback(deps: SlackDeps, decision: Decision, elsewhere?: ReviewOutcomeSink): ButtonWork {
  return async function review({ action, body }, request) {
    const { context, answer } = request;
    const value = readReviewButtonValue(action.value);
    const id = value === null ? null : deps.backend.ids.parse(value.pipelineId);
    if (value === null || id === null) return answerStaleButton(deps, request);
    setOutcome(context, 'ok', id);
    const onView = clickedOnView(body);
    const tell = async (notice: ReviewNotice) => {
      if (onView && elsewhere) await elsewhere(request, notice);
      else await answer.send(renderReviewNotice(notice, deps.locale));
    };
    const audit = (outcome: string) =>
      deps.audit.record({
        action: decision === 'pass' ? 'review_pass' : 'review_refuse',
        teamId: request.teamId,
        channelId: request.channelId,
        userId: request.userId,
        pipelineId: id,
        outcome,
      });

    const link = await usableLink(deps, request);
    if (typeof link === 'string') {
      setOutcome(context, link, id);
      audit(link);
      return tell({ kind: link });
    }
    const read = await runForClick(deps, request, id, 'review', { retry: false });
    if (read === null) return;
    let run: PipelineRun = read;

    const standing = reviewStanding(run, value.ref, value.runKey, link.huaweiUser);
    let result: { notice: ReviewNotice; outcome: string };
    if (standing === 'waiting') {
      result = await sendReview(deps, request, { id, value, decision, link, run });
      if (result.outcome === 'ok') {
        run = await deps.backend.getRun(id).catch(() => run);
        const stage = stageName(run, value.ref);
        await noteInThreads(deps, request, run, { who: link.huaweiUser, decision, stage, runKey: value.runKey });
      }
    } else result = { notice: STANDING_NOTICE[standing], outcome: standing };
    setOutcome(context, result.outcome === 'ok' ? 'ok' : `review_${result.outcome}`, id);
    audit(result.outcome);
    if (onView && elsewhere) return elsewhere(request, result.notice);
    await replaceClickedCard(deps, request, body as BlockButtonAction, clickedCardFor(deps, body, run), id);
    await tell(result.notice);
  };
}
