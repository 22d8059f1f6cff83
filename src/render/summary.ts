/**
 * What a pipeline's state means, derived once from the raw model: each stage's effective status, the current
 * stage, review tallies, the failure, and the run's key. The card, the fallback text, the watch fingerprint and
 * the milestone diff all read this, so they can never disagree about "where the pipeline stands".
 * Pure: no clock, no I/O.
 */
import type { Pipeline, ReviewMode, RunStatus, ServiceName, Stage } from '../swr/types.js';

/** How a status reads: still to come, moving, done well, done badly, or stopped by a person. */
export type StatusClass = 'pending' | 'active' | 'succeeded' | 'failed' | 'cancelled' | 'unknown';

/** The class of every documented status; anything else is `unknown` (still rendered, never a crash). */
export const STATUS_CLASS: Record<string, StatusClass> = {
  waiting: 'pending',
  running: 'active',
  rollbacking: 'active',
  success: 'succeeded',
  rollback_success: 'cancelled',
  cancel: 'cancelled',
  stage_exception: 'failed',
  runtime_exception: 'failed',
  timeout: 'failed',
  unauthorized: 'failed',
  rollback_failed: 'failed',
  rollback_exception: 'failed',
};

export function classifyStatus(status: RunStatus): StatusClass {
  // Own keys only: a status of `constructor` or `__proto__` is data, not a path into Object.prototype.
  return Object.hasOwn(STATUS_CLASS, status) ? (STATUS_CLASS[status] ?? 'unknown') : 'unknown';
}

/** `true` for statuses after which a run changes no more. */
export function isTerminal(status: RunStatus): boolean {
  const cls = classifyStatus(status);
  return cls === 'succeeded' || cls === 'failed' || cls === 'cancelled';
}

export interface ReviewSummary {
  mode: ReviewMode | null;
  /** Reviewers in the order the stage lists them (review_users, then anyone only in review_results). */
  reviewers: string[];
  passed: string[];
  refused: string[];
  /** Reviewers still to decide: `waiting` results, and listed reviewers with no result yet. */
  pending: string[];
}

export interface StageSummary {
  index: number;
  name: string;
  serviceName: ServiceName;
  /** The stage's status, or `waiting` when `status.stages` has no entry for it. */
  status: RunStatus;
  statusClass: StatusClass;
  /** `false` when the API sent no status entry for this stage. */
  hasStatus: boolean;
  startTime: Date | null;
  endTime: Date | null;
  isCurrent: boolean;
  /** For `test_review` stages. */
  review: ReviewSummary | null;
}

export interface PipelineSummary {
  id: number;
  name: string;
  status: RunStatus;
  statusClass: StatusClass;
  finished: boolean;
  /** `null` when the pipeline has no stages. */
  currentIndex: number | null;
  stages: StageSummary[];
  /** The first stage whose class is `failed`, else `null`. */
  failedStage: StageSummary | null;
  /** A review stage that is active or waiting with pending reviewers, and is the current stage. */
  awaitingReview: StageSummary | null;
  startTime: Date | null;
  endTime: Date | null;
  updatedTime: Date | null;
  /** Identifies one run: a new `start_time` is a new run (`${id}@${start ISO | 'not-started'}`). */
  runKey: string;
}

function summariseReview(stage: Stage, results: { userName: string; result: string }[]): ReviewSummary {
  const listed = stage.review?.users.map((u) => u.userName) ?? [];
  const reviewers = [...listed];
  for (const r of results) if (!reviewers.includes(r.userName)) reviewers.push(r.userName);
  const resultOf = new Map(results.map((r) => [r.userName, r.result]));
  return {
    mode: stage.review?.mode ?? null,
    reviewers,
    passed: reviewers.filter((u) => resultOf.get(u) === 'pass'),
    refused: reviewers.filter((u) => resultOf.get(u) === 'refuse'),
    pending: reviewers.filter((u) => {
      const r = resultOf.get(u);
      return r === undefined || r === 'waiting';
    }),
  };
}

/** The index of the stage a reader should look at now, clamped to the stages that exist. */
function currentIndexOf(pipeline: Pipeline): number | null {
  const count = pipeline.stages.length;
  if (count === 0) return null;
  const failed = pipeline.status.stages.findIndex((s, i) => i < count && classifyStatus(s.status) === 'failed');
  if (failed >= 0) return failed;
  const index = pipeline.status.stageIndex;
  if (index === null || index < 0) return 0;
  return Math.min(index, count - 1);
}

/** Derives the summary of `pipeline` (pure). */
export function summarisePipeline(pipeline: Pipeline): PipelineSummary {
  const currentIndex = currentIndexOf(pipeline);
  const stages: StageSummary[] = pipeline.stages.map((stage, index) => {
    const st = pipeline.status.stages[index];
    const status = st?.status ?? 'waiting';
    return {
      index,
      name: stage.name,
      serviceName: stage.serviceName,
      status,
      statusClass: classifyStatus(status),
      hasStatus: st !== undefined,
      startTime: st?.startTime ?? null,
      endTime: st?.endTime ?? null,
      isCurrent: index === currentIndex,
      review: stage.serviceName === 'test_review' ? summariseReview(stage, st?.reviewResults ?? []) : null,
    };
  });
  const status = pipeline.status.status;
  const finished = isTerminal(status);
  const current = currentIndex === null ? undefined : stages[currentIndex];
  const awaitingReview =
    !finished && current?.review && current.review.pending.length > 0 && current.statusClass !== 'failed'
      ? current
      : null;
  const startTime = pipeline.status.startTime;
  return {
    id: pipeline.id,
    name: pipeline.name,
    status,
    statusClass: classifyStatus(status),
    finished,
    currentIndex,
    stages,
    failedStage: stages.find((s) => s.statusClass === 'failed') ?? null,
    awaitingReview,
    startTime,
    endTime: pipeline.status.endTime,
    updatedTime: pipeline.status.updatedTime,
    // An invalid Date (the type allows one) reads as not started rather than throwing.
    runKey: `${pipeline.id}@${startTime && !Number.isNaN(startTime.getTime()) ? startTime.toISOString() : 'not-started'}`,
  };
}
