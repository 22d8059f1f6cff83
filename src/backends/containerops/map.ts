/**
 * ContainerOps into the domain model: the API's pipeline (./api-types.ts) becomes a `PipelineRun`. Statuses go
 * through one table into the domain's vocabulary; a `test_review` stage's review users and results become
 * reviewers with their decisions; `params` (which may hold secrets) and every raw tree stay behind.
 */
import type { PipelineListing, PipelineRun, Review, Reviewer, Stage, StageKind } from '../../domain/pipeline.js';
import { asPipelineId } from '../../domain/pipeline-id.js';
import { mapStatus, type Status } from '../../domain/status.js';
import type { Stage as ApiStage, Pipeline, StageStatus } from './api-types.js';

/** ContainerOps' status words (the same for a pipeline and a stage) in the domain's vocabulary. */
export const CONTAINEROPS_STATUSES: Readonly<Record<string, Status>> = {
  waiting: 'waiting',
  running: 'running',
  success: 'succeeded',
  cancel: 'cancelled',
  rollbacking: 'rolling_back',
  rollback_success: 'rolled_back',
  stage_exception: 'stage_error',
  runtime_exception: 'runtime_error',
  timeout: 'timed_out',
  unauthorized: 'unauthorised',
  rollback_failed: 'rollback_failed',
  rollback_exception: 'rollback_error',
};

/** The stage kinds (`service_name`) the card has a word for. */
const STAGE_KINDS: Readonly<Record<string, StageKind>> = {
  code_source: 'source',
  jenkins_build: 'build',
  dockerfile_build: 'image_build',
  test_review: 'review',
  official_deploy: 'deploy',
  gray_deploy: 'gray_deploy',
};

const DECISIONS: Readonly<Record<string, Reviewer['decision']>> = { pass: 'approved', refuse: 'refused' };

/** A review stage's reference for the review call: its index (`PUT …/stages/{index}/start_info`). */
export function reviewRef(stageIndex: number): string {
  return String(stageIndex);
}

/** The stage index a review reference names, or `null` when it names none. */
export function stageIndexOfRef(ref: string): number | null {
  return /^\d{1,4}$/.test(ref) ? Number(ref) : null;
}

function mapReview(stage: ApiStage, status: StageStatus | undefined): Review {
  // Listed reviewers first, then anyone who only appears in the results; a result other than pass or refuse
  // (`waiting`, or none yet) is still to decide.
  const names = stage.review?.users.map((u) => u.userName) ?? [];
  const results = status?.reviewResults ?? [];
  for (const r of results) if (!names.includes(r.userName)) names.push(r.userName);
  const resultOf = new Map(results.map((r) => [r.userName, r.result]));
  const mode = stage.review?.mode ?? null;
  return {
    mode: mode === 'one' ? 'any' : mode,
    reviewers: names.map((name) => {
      const result = resultOf.get(name) ?? '';
      return { name, decision: Object.hasOwn(DECISIONS, result) ? (DECISIONS[result] ?? 'pending') : 'pending' };
    }),
    votesKnown: true,
    timeout: null,
    ref: reviewRef(stage.index),
  };
}

function mapStage(stage: ApiStage, status: StageStatus | undefined): Stage {
  const kind = Object.hasOwn(STAGE_KINDS, stage.serviceName) ? (STAGE_KINDS[stage.serviceName] ?? null) : null;
  return {
    index: stage.index,
    name: stage.name,
    kind,
    kindLabel: kind === null ? stage.serviceName : '',
    status: status ? mapStatus(status.status, CONTAINEROPS_STATUSES) : null,
    startTime: status?.startTime ?? null,
    endTime: status?.endTime ?? null,
    jobs: [],
    review: stage.serviceName === 'test_review' ? mapReview(stage, status) : null,
  };
}

/** The console link of pipeline `id` from `SWR_CONSOLE_URL_TEMPLATE` (`{id}` replaced), or `null` without one. */
export function consoleUrlOf(template: string | null, id: string): string | null {
  if (!template?.includes('{id}') || !/^https?:\/\/\S+$/i.test(template)) return null;
  return template.split('{id}').join(encodeURIComponent(id));
}

/** The domain model of a ContainerOps pipeline; `consoleUrlTemplate` gives its console link. */
export function toPipelineRun(pipeline: Pipeline, consoleUrlTemplate: string | null): PipelineRun {
  const id = String(pipeline.id);
  return {
    id: asPipelineId(id),
    name: pipeline.name,
    group: pipeline.groupName,
    groupId: pipeline.groupId === null ? null : String(pipeline.groupId),
    description: pipeline.description,
    run: { id: null, number: null, trigger: null, triggeredBy: null, branch: null, commitMessage: null },
    status: mapStatus(pipeline.status.status, CONTAINEROPS_STATUSES),
    startTime: pipeline.status.startTime,
    endTime: pipeline.status.endTime,
    updatedTime: pipeline.status.updatedTime,
    currentStage: pipeline.status.stageIndex,
    stages: pipeline.stages.map((stage, index) => mapStage(stage, pipeline.status.stages[index])),
    consoleUrl: consoleUrlOf(consoleUrlTemplate, id),
  };
}

/** A pipeline as a name search lists it. */
export function toListing(pipeline: Pipeline): PipelineListing {
  return {
    id: asPipelineId(String(pipeline.id)),
    name: pipeline.name,
    group: pipeline.groupName,
    groupId: pipeline.groupId === null ? null : String(pipeline.groupId),
    status: mapStatus(pipeline.status.status, CONTAINEROPS_STATUSES),
  };
}
