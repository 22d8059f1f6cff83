/**
 * Where a review a button names stands now, read from a fresh run: still waiting (the click may go to the API),
 * or over in one of the ways a person is told apart — the run or stage moved on, the review is decided, the
 * clicker already voted. Pure; the Slack layer asks it before and after a review call.
 */
import type { PipelineRun, Review } from './pipeline.js';
import { runKeyOf, summarisePipeline } from './summary.js';

/** `waiting`: the click can be acted on; anything else says why not. */
export type ReviewStanding = 'waiting' | 'moved_on' | 'already_decided' | 'you_decided';

/** The review with backend handle `ref` in `run`, with its stage's index, or `null`. */
export function findReview(run: PipelineRun, ref: string): { stageIndex: number; review: Review } | null {
  for (const stage of run.stages) {
    const review = stage.review?.ref === ref ? stage.review : stage.jobs.find((j) => j.review?.ref === ref)?.review;
    if (review) return { stageIndex: stage.index, review };
  }
  return null;
}

/** Where the review `ref` of run `runKey` stands in `run`, for the reviewer named `reviewer`. */
export function reviewStanding(run: PipelineRun, ref: string, runKey: string, reviewer: string): ReviewStanding {
  if (runKeyOf(run) !== runKey) return 'moved_on';
  const found = findReview(run, ref);
  if (found === null) return 'moved_on';
  const summary = summarisePipeline(run);
  const waiting = summary.awaitingReview;
  if (waiting === null || waiting.review?.ref !== ref) {
    const stage = summary.stages[found.stageIndex];
    const decided = stage?.statusClass === 'succeeded' || stage?.statusClass === 'failed';
    return decided ? 'already_decided' : 'moved_on';
  }
  const vote = found.review.reviewers.find((r) => r.name === reviewer)?.decision;
  return vote === 'approved' || vote === 'refused' ? 'you_decided' : 'waiting';
}
