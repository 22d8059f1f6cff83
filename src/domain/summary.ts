/**
 * What a run's state means, derived once from the model: each stage's effective status, the current stage, review
 * tallies, the failure, and the run's identity. The card, the fallback text, the watch state and the milestone
 * diff all read this, so they can never disagree about "where the pipeline stands". Pure: no clock, no I/O.
 */
import type { Job, PipelineRun, Review, Stage, StageKind } from './pipeline.js';
import type { PipelineId } from './pipeline-id.js';
import { classOf, isTerminalClass, type StatusClass, type StatusValue, statusOf } from './status.js';

export interface ReviewSummary {
  mode: Review['mode'];
  /** Reviewers in the order the API lists them. */
  reviewers: string[];
  passed: string[];
  refused: string[];
  /** Reviewers still to decide (all of them, while the review waits, when votes are not known). */
  pending: string[];
  /** Whether per-reviewer votes are known (see `Review.votesKnown`). */
  votesKnown: boolean;
  timeout: Review['timeout'];
  /** The backend's handle for passing or refusing it (`null`: it cannot be acted on). */
  ref: string | null;
  /**
   * The status of what runs the review — its job where the API has jobs (CodeArts), else its stage — so a review
   * whose votes are not known can still say whether it passed or was refused; `null` when the API sent none.
   */
  status: StatusValue | null;
  /** When the review began waiting (its job's start, else its stage's): its timeout counts from here. */
  startTime: Date | null;
}

export interface StageSummary {
  index: number;
  name: string;
  kind: StageKind | null;
  kindLabel: string;
  /** The stage's status; `not_started` when the API sent none for it. */
  status: StatusValue;
  statusClass: StatusClass;
  /** `false` when the API sent no status for this stage. */
  hasStatus: boolean;
  startTime: Date | null;
  endTime: Date | null;
  isCurrent: boolean;
  review: ReviewSummary | null;
  /** The stage's jobs as the model has them, in order (CodeArts; `[]` where the API has none). */
  jobs: readonly Job[];
}

export interface PipelineSummary {
  id: PipelineId;
  name: string;
  status: StatusValue;
  statusClass: StatusClass;
  finished: boolean;
  /** `null` when the pipeline has no stages. */
  currentIndex: number | null;
  stages: StageSummary[];
  /** The first stage whose class is `failed`, else `null`. */
  failedStage: StageSummary | null;
  /** The current stage when it is a review still waiting for decisions, else `null`. */
  awaitingReview: StageSummary | null;
  startTime: Date | null;
  endTime: Date | null;
  updatedTime: Date | null;
  /** Identifies one run: the API's run id, else its start time (`${id}@${run id | start ISO | 'not-started'}`). */
  runKey: string;
}

/** The review's tally; `at` is the status and start of what runs it (see `ReviewSummary.status`). */
export function summariseReview(
  review: Review,
  at: { status: StatusValue | null; startTime: Date | null } = { status: null, startTime: null },
): ReviewSummary {
  const names = (decision: string) => review.reviewers.filter((r) => r.decision === decision).map((r) => r.name);
  return {
    mode: review.mode,
    reviewers: review.reviewers.map((r) => r.name),
    passed: names('approved'),
    refused: names('refused'),
    pending: names('pending'),
    votesKnown: review.votesKnown,
    timeout: review.timeout,
    ref: review.ref,
    status: at.status,
    startTime: at.startTime,
  };
}

/** The review of `stage` summarised, with the status and start of the job that runs it (else the stage's). */
function stageReview(stage: Stage): ReviewSummary | null {
  if (!stage.review) return null;
  const job = stage.jobs.find((j) => j.review === stage.review);
  return summariseReview(stage.review, {
    status: job ? job.status : stage.status,
    startTime: job ? job.startTime : stage.startTime,
  });
}

/** The index of the stage a reader should look at now (the first failed one, else the API's current), clamped. */
function currentIndexOf(run: PipelineRun, firstFailed: number): number | null {
  const count = run.stages.length;
  if (count === 0) return null;
  if (firstFailed >= 0) return firstFailed;
  const index = run.currentStage;
  if (index === null || index < 0) return 0;
  return Math.min(index, count - 1);
}

/** The status of a stage the API sent none for. */
const NOT_STARTED = statusOf('not_started');

const validTime = (time: Date | null): time is Date => time !== null && !Number.isNaN(time.getTime());

/** The key that tells one run from the next (see `PipelineSummary.runKey`). */
export function runKeyOf(run: Pick<PipelineRun, 'id' | 'run' | 'startTime'>): string {
  const which = run.run.id ?? (validTime(run.startTime) ? run.startTime.toISOString() : 'not-started');
  return `${run.id}@${which}`;
}

/** Derives the summary of `run` (pure). One pass over the stages: a 200-stage card is rendered often. */
export function summarisePipeline(run: PipelineRun): PipelineSummary {
  let firstFailed = -1;
  // Stages come in runs of one state: the class is looked up once per run, not once per stage.
  let lastState: StatusValue['state'] | undefined;
  let lastClass: StatusClass = 'unknown';
  const stages: StageSummary[] = run.stages.map((stage, index) => {
    const status = stage.status ?? NOT_STARTED;
    if (status.state !== lastState) {
      lastState = status.state;
      lastClass = classOf(status);
    }
    const statusClass = lastClass;
    if (firstFailed < 0 && stage.status !== null && statusClass === 'failed') firstFailed = index;
    return {
      index,
      name: stage.name,
      kind: stage.kind,
      kindLabel: stage.kindLabel,
      status,
      statusClass,
      hasStatus: stage.status !== null,
      startTime: stage.startTime,
      endTime: stage.endTime,
      isCurrent: false,
      review: stageReview(stage),
      jobs: stage.jobs,
    };
  });
  const currentIndex = currentIndexOf(run, firstFailed);
  const current = currentIndex === null ? undefined : stages[currentIndex];
  if (current) current.isCurrent = true;
  const statusClass = classOf(run.status);
  const finished = isTerminalClass(statusClass);
  const awaitingReview =
    !finished && current?.review && current.review.pending.length > 0 && current.statusClass !== 'failed'
      ? current
      : null;
  return {
    id: run.id,
    name: run.name,
    status: run.status,
    statusClass,
    finished,
    currentIndex,
    stages,
    failedStage: stages[firstFailed] ?? null,
    awaitingReview,
    startTime: run.startTime,
    endTime: run.endTime,
    updatedTime: run.updatedTime,
    runKey: runKeyOf(run),
  };
}
