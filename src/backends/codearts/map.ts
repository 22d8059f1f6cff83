/**
 * A CodeArts run detail → the domain's `PipelineRun`. Stages in `sequence` order with their jobs (status, times,
 * error text, kind from the steps' `business_type`), manual reviews from checkpoint steps, a log handle for a
 * failed job's failed step, the run's number, trigger, executor, branch and commit message. Nothing else of the
 * answer is kept: no inputs, params or variables (they may hold secrets), no raw tree.
 */
import { BackendError } from '../../domain/backend-error.js';
import type { Job, PipelineRun, RunInfo, Stage, StageKind } from '../../domain/pipeline.js';
import type { PipelineId } from '../../domain/pipeline-id.js';
import { classOf, isTerminalClass, type StatusValue } from '../../domain/status.js';
import type { BuildParamsAnswer, JobAnswer, RunDetailAnswer, StageAnswer, StepAnswer } from './answers.js';
import { parseCodeArtsId } from './ids.js';
import { encodeRef } from './refs.js';
import { mapReview } from './review.js';
import { codeArtsStatus, reviewStatus } from './status-table.js';
import { dateOf, msOf } from './times.js';

/** `business_type` words → the card's kinds; `Normal` (generic) has none. */
export const BUSINESS_KIND: Readonly<Record<string, StageKind>> = {
  Build: 'build',
  Test: 'test',
  Check: 'check',
  Deploy: 'deploy',
};

// Error texts can be whole stack traces: the card shows a line or two, the log has the rest.
const MAX_MESSAGE = 1_000;
const MAX_URL = 2_000;

/** The status of something the API sent no status for (not reached yet). */
export const NOT_STARTED: StatusValue = { state: 'not_started', raw: '' };

/** Items sorted by their `sequence` (number or numeric string), the API's order breaking ties and filling gaps. */
export function bySequence<T extends { sequence?: number | string | null | undefined }>(items: readonly T[]): T[] {
  const key = (item: T): number => {
    const n = Number(item.sequence ?? Number.NaN);
    return Number.isFinite(n) ? n : Number.POSITIVE_INFINITY;
  };
  return items
    .map((item, at) => ({ item, at, key: key(item) }))
    .sort((a, b) => a.key - b.key || a.at - b.at)
    .map((entry) => entry.item);
}

function clip(text: string | null | undefined, max: number): string {
  const trimmed = (text ?? '').trim();
  return trimmed.length > max ? `${trimmed.slice(0, max - 1)}…` : trimmed;
}

const isFailed = (status: StatusValue | null): boolean => status !== null && classOf(status) === 'failed';

function jobKind(job: JobAnswer, isReview: boolean): StageKind | null {
  if (isReview) return 'review';
  const kinds = new Set<StageKind>();
  for (const step of job.steps ?? []) {
    const kind = Object.hasOwn(BUSINESS_KIND, step.business_type ?? '')
      ? BUSINESS_KIND[step.business_type ?? '']
      : undefined;
    if (kind) kinds.add(kind);
  }
  return kinds.size === 1 ? ([...kinds][0] ?? null) : null;
}

/** The step whose log explains a failed job: its last failed step. */
function failedStep(job: JobAnswer): StepAnswer | undefined {
  return bySequence(job.steps ?? [])
    .reverse()
    .find((step) => isFailed(codeArtsStatus(step.status)));
}

function mapJob(job: JobAnswer, runId: string | null | undefined): Job {
  const review = mapReview(job, runId);
  const status = (review ? reviewStatus(job.status) : codeArtsStatus(job.status)) ?? NOT_STARTED;
  const failed = isFailed(status) ? failedStep(job) : undefined;
  return {
    id: job.id ?? '',
    name: job.name ?? '',
    kind: jobKind(job, review !== null),
    status,
    startTime: dateOf(job.start_time),
    endTime: dateOf(job.end_time),
    message: clip(job.message || failed?.message, MAX_MESSAGE),
    review,
    logRef: failed ? encodeRef('log', { runId, jobRunId: job.id, stepRunId: failed.id }) : null,
  };
}

function stageKind(jobs: readonly Job[], stage: StageAnswer): { kind: StageKind | null; kindLabel: string } {
  const kinds = new Set(jobs.map((job) => job.kind));
  if (jobs.length > 0 && kinds.size === 1 && !kinds.has(null)) return { kind: jobs[0]?.kind ?? null, kindLabel: '' };
  // One business type the card has no word for (not Normal): shown as the API says it.
  const words = new Set(
    (stage.jobs ?? []).flatMap((job) => (job.steps ?? []).map((step) => step.business_type?.trim() ?? '')),
  );
  words.delete('');
  words.delete('Normal');
  const [only] = words;
  return {
    kind: null,
    kindLabel: words.size === 1 && only && !Object.hasOwn(BUSINESS_KIND, only) ? clip(only, 40) : '',
  };
}

/**
 * A stage whose only unfinished work is a waiting review reads `waiting` (its word kept), like the review itself:
 * the card then says the stage waits on people, not that it runs.
 */
function stageStatus(stage: StageAnswer, jobs: readonly Job[]): StatusValue | null {
  const status = codeArtsStatus(stage.status);
  if (status === null || (status.state !== 'running' && status.state !== 'paused')) return status;
  const open = jobs.filter((job) => !isTerminalClass(classOf(job.status)));
  const waiting = open.length > 0 && open.every((job) => job.review !== null && job.status.state === 'waiting');
  return waiting ? { state: 'waiting', raw: status.raw } : status;
}

function mapStage(stage: StageAnswer, index: number, runId: string | null | undefined): Stage {
  const jobs = bySequence(stage.jobs ?? []).map((job) => mapJob(job, runId));
  return {
    index,
    name: stage.name ?? '',
    ...stageKind(jobs, stage),
    status: stageStatus(stage, jobs),
    startTime: dateOf(stage.start_time),
    endTime: dateOf(stage.end_time),
    jobs,
    review: jobs.find((job) => job.review !== null)?.review ?? null,
  };
}

/** The stage to look at: the one running (or waiting on people) now, else the first not finished, else the last. */
export function currentStageOf(stages: readonly Stage[]): number | null {
  if (stages.length === 0) return null;
  const moving = stages.findIndex(
    (s) => s.status !== null && (classOf(s.status) === 'active' || s.status.state === 'waiting'),
  );
  if (moving >= 0) return moving;
  const open = stages.findIndex((s) => s.status === null || !isTerminalClass(classOf(s.status)));
  return open >= 0 ? open : stages.length - 1;
}

const nonEmpty = (text: string | null | undefined): string | null => {
  const trimmed = text?.trim();
  return trimmed ? trimmed : null;
};

/** The ref a run was made from: the branch of work (an MR's source), else the branch run, else the tag. */
function refOf(params: BuildParamsAnswer | null | undefined, defaultBranch: string | null | undefined): string | null {
  return (
    nonEmpty(params?.source_branch) ??
    nonEmpty(params?.target_branch) ??
    nonEmpty(params?.tag) ??
    nonEmpty(defaultBranch)
  );
}

function runInfo(answer: RunDetailAnswer): RunInfo {
  const sources = answer.sources ?? [];
  const source = sources.find((s) => s.params?.build_params) ?? sources[0];
  const params = source?.params;
  const number = Number(answer.run_number ?? Number.NaN);
  return {
    id: nonEmpty(answer.id),
    number: Number.isSafeInteger(number) && number >= 0 ? number : null,
    trigger: nonEmpty(answer.trigger_type),
    triggeredBy: nonEmpty(answer.executor_name),
    branch: refOf(params?.build_params, params?.default_branch),
    commitMessage: nonEmpty(clip(params?.build_params?.message, MAX_MESSAGE)),
  };
}

/** An `http(s)` link of reasonable length, else `null` (a console link is put in a button, never trusted blindly). */
export function safeUrl(value: string | null | undefined): string | null {
  const text = value?.trim();
  if (!text || text.length > MAX_URL) return null;
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null;
  } catch {
    return null;
  }
}

/** The latest transition the answer shows: the latest start or end time of the run, a stage or a job. */
function lastChange(answer: RunDetailAnswer): Date | null {
  const times = [answer.start_time, answer.end_time];
  for (const stage of answer.stages ?? []) {
    times.push(stage.start_time, stage.end_time);
    for (const job of stage.jobs ?? []) times.push(job.start_time, job.end_time);
  }
  const ms = times.map(msOf).filter((t): t is number => t !== null);
  return ms.length === 0 ? null : new Date(Math.max(...ms));
}

/**
 * The run `answer` describes, as pipeline `requested`. An answer naming another pipeline is refused
 * (`invalid_response`): a card must never show one pipeline under another's id.
 */
export function mapRunDetail(answer: RunDetailAnswer, requested: PipelineId): PipelineRun {
  const named = answer.pipeline_id ? parseCodeArtsId(answer.pipeline_id) : null;
  if (answer.pipeline_id && named !== requested) {
    throw new BackendError('invalid_response', {
      detail: 'the run detail names another pipeline than the one asked for',
    });
  }
  const runId = nonEmpty(answer.id);
  const stages = bySequence(answer.stages ?? []).map((stage, index) => mapStage(stage, index, runId));
  return {
    id: requested,
    name: answer.name ?? '',
    group: answer.group_name ?? '',
    groupId: answer.group_id ?? null,
    description: answer.description ?? '',
    run: runInfo(answer),
    status: codeArtsStatus(answer.status) ?? NOT_STARTED,
    startTime: dateOf(answer.start_time),
    endTime: dateOf(answer.end_time),
    updatedTime: lastChange(answer),
    currentStage: currentStageOf(stages),
    stages,
    consoleUrl: safeUrl(answer.detail_url),
  };
}
