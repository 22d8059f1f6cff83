/**
 * The CodeArts Pipeline answers the bot reads, as zod schemas (see /work/shared/api/CODEARTS.md). Tolerant where
 * the API is loose — statuses are any string, optional fields may be missing or `null`, times are int64 ms or
 * strings, run numbers and log offsets numbers or strings — and strict about shape: an answer that is not the
 * documented object says why, for `BackendError('invalid_response')`. Unknown fields are dropped (zod strips them),
 * and only the fields the mapping reads are declared, so `params`, `variables` and the like never get this far.
 */
import { z } from 'zod';
import { BackendError } from '../../domain/backend-error.js';

// Generous caps: a real pipeline is far smaller, and a body this large is an attack or a bug, not a pipeline.
const MAX_STAGES = 1_000;
const MAX_JOBS = 1_000;
const MAX_STEPS = 1_000;
const MAX_INPUTS = 500;
const MAX_ITEMS = 1_000;

const text = z.string().nullish();
/** int64 milliseconds in run details; strings in list answers (`stage_status_list`). */
const time = z.union([z.number(), z.string()]).nullish();
/** Run numbers and log offsets: documented as numbers or (offsets) strings; both accepted. */
const numberish = z.union([z.number(), z.string()]).nullish();

/** A step input: `value` is any JSON (`timeout` arrives as a number, `approvers` as a string). */
export const stepInputSchema = z.object({ key: text, value: z.unknown().optional() });

/** A step of a job run (`StepRun`). */
export const stepSchema = z.object({
  id: text,
  name: text,
  task: text,
  business_type: text,
  sequence: numberish,
  status: text,
  message: text,
  start_time: time,
  end_time: time,
  inputs: z.array(stepInputSchema).max(MAX_INPUTS).nullish(),
});

/** A job of a stage run (`JobRun`); its `id` is the job run id. */
export const jobSchema = z.object({
  id: text,
  name: text,
  sequence: numberish,
  status: text,
  message: text,
  start_time: time,
  end_time: time,
  steps: z.array(stepSchema).max(MAX_STEPS).nullish(),
});

/** A stage of a run (`StageRun`), with its entry and exit gates. */
export const stageSchema = z.object({
  id: text,
  name: text,
  sequence: numberish,
  status: text,
  start_time: time,
  end_time: time,
  pre: z.array(stepSchema).max(MAX_STEPS).nullish(),
  post: z.array(stepSchema).max(MAX_STEPS).nullish(),
  jobs: z.array(jobSchema).max(MAX_JOBS).nullish(),
});

/** What started a run from a repository: branches, tag, commit. */
export const buildParamsSchema = z.object({
  source_branch: text,
  target_branch: text,
  tag: text,
  commit_id: text,
  message: text,
  event_type: text,
});

/** One code source of a run (`sources[]`): only `params.build_params` and the repository's name are read. */
export const sourceSchema = z.object({
  type: text,
  params: z
    .object({ repo_name: text, web_url: text, default_branch: text, build_params: buildParamsSchema.nullish() })
    .nullish(),
});

/** `GET …/pipeline-runs/detail`: one run with its stages, jobs and steps. */
export const runDetailSchema = z
  .object({
    id: text,
    pipeline_id: text,
    name: text,
    description: text,
    status: text,
    run_number: numberish,
    trigger_type: text,
    executor_id: text,
    executor_name: text,
    start_time: time,
    end_time: time,
    pause_time: time,
    group_id: text,
    group_name: text,
    detail_url: text,
    current_system_time: time,
    sources: z.array(sourceSchema).max(MAX_ITEMS).nullish(),
    stages: z.array(stageSchema).max(MAX_STAGES).nullish(),
  })
  .refine((run) => Boolean(run.id || run.pipeline_id || run.status), {
    message: 'no id, pipeline_id or status: not a run',
  });

/** A stage as list answers give it: times are strings there. */
export const stageStatusSchema = z.object({
  id: text,
  name: text,
  sequence: numberish,
  status: text,
  start_time: time,
  end_time: time,
});

/** A pipeline's latest run as the pipeline list, the runs list and the batch status call give it. */
export const latestRunSchema = z.object({
  pipeline_id: text,
  pipeline_run_id: text,
  executor_id: text,
  executor_name: text,
  status: text,
  run_number: numberish,
  trigger_type: text,
  stage_status_list: z.array(stageStatusSchema).max(MAX_STAGES).nullish(),
  build_params: buildParamsSchema.nullish(),
  start_time: time,
  end_time: time,
  detail_url: text,
  modify_url: text,
});

/** One pipeline of `POST …/pipelines/list`. */
export const pipelineItemSchema = z.object({
  pipeline_id: z.string(),
  name: text,
  project_id: text,
  description: text,
  create_time: time,
  latest_run: latestRunSchema.nullish(),
});

/** `POST …/pipelines/list`: a page of pipelines and the total. */
export const pipelineListSchema = z.object({
  offset: numberish,
  limit: numberish,
  total: numberish,
  pipelines: z.array(pipelineItemSchema).max(MAX_ITEMS),
});

/** `POST …/pipelines/{id}/pipeline-runs/list`: a page of one pipeline's runs. */
export const runListSchema = z.object({
  offset: numberish,
  limit: numberish,
  total: numberish,
  pipeline_runs: z.array(latestRunSchema).max(MAX_ITEMS),
});

/** `POST …/pipelines/status`: the latest run of each pipeline asked for. */
export const latestStatusBatchSchema = z.array(latestRunSchema).max(MAX_ITEMS);

/** `POST …/steps/{step_run_id}/logs`: a page of a step's log; offsets come back as strings. */
export const stepLogSchema = z
  .object({
    has_more: z.union([z.boolean(), z.string()]).nullish(),
    start_offset: numberish,
    end_offset: numberish,
    log: text,
    step_run_id: text,
  })
  .refine((page) => page.log !== undefined || page.has_more !== undefined, {
    message: 'no log and no has_more: not a log page',
  });

/** `POST …/pass` and `…/refuse`: `{success}`. */
export const reviewResultSchema = z.object({ success: z.boolean() });

/**
 * The gateway's and most services' error shape. Only the code must be readable: a message or an `error` member of
 * another type must not turn an error answer into a success.
 */
export const codeErrorSchema = z.object({
  error_code: z.union([z.string(), z.number()]),
  error_msg: z.unknown().optional(),
  request_id: z.unknown().optional(),
  error: z.unknown().optional(),
});

/** What the queued-run codes add: `{"error": {"pipeline_run_id", "queue_id"}}` beside `error_code`. */
export const queuedRunSchema = z.object({ pipeline_run_id: text, queue_id: text });

/** The other error shape: `{"error": {"code", "message"}}`. */
export const objectErrorSchema = z.object({
  error: z.object({ code: z.union([z.string(), z.number()]), message: z.unknown().optional() }),
});

/** A step input as read. */
export type StepInputAnswer = z.infer<typeof stepInputSchema>;
/** A step as read. */
export type StepAnswer = z.infer<typeof stepSchema>;
/** A job as read. */
export type JobAnswer = z.infer<typeof jobSchema>;
/** A stage as read. */
export type StageAnswer = z.infer<typeof stageSchema>;
/** A source's build parameters as read. */
export type BuildParamsAnswer = z.infer<typeof buildParamsSchema>;
/** A run detail as read. */
export type RunDetailAnswer = z.infer<typeof runDetailSchema>;
/** A list answer's stage as read. */
export type StageStatusAnswer = z.infer<typeof stageStatusSchema>;
/** A latest-run item as read. */
export type LatestRunAnswer = z.infer<typeof latestRunSchema>;
/** A pipeline list item as read. */
export type PipelineItemAnswer = z.infer<typeof pipelineItemSchema>;
/** A pipeline list page as read. */
export type PipelineListAnswer = z.infer<typeof pipelineListSchema>;
/** A runs list page as read. */
export type RunListAnswer = z.infer<typeof runListSchema>;
/** A log page as read. */
export type StepLogAnswer = z.infer<typeof stepLogSchema>;
/** A pass/refuse answer as read. */
export type ReviewResultAnswer = z.infer<typeof reviewResultSchema>;

/** The answers by name, for `readAnswer`: the name is how a reason introduces the body. */
export const ANSWERS = {
  'run detail': runDetailSchema,
  'pipeline list': pipelineListSchema,
  'run list': runListSchema,
  'latest-status batch': latestStatusBatchSchema,
  'step log': stepLogSchema,
  'review result': reviewResultSchema,
} as const;

/** The name of a documented answer. */
export type AnswerName = keyof typeof ANSWERS;
/** The read value of answer `N`. */
export type Answer<N extends AnswerName> = z.infer<(typeof ANSWERS)[N]>;

/** A read answer, or why it is not one (paths and rules only: never a value from the body, which may be secret). */
export type ReadResult<T> = { ok: true; value: T } | { ok: false; reason: string };

const MAX_REASONS = 3;

function where(path: readonly PropertyKey[]): string {
  return path.length === 0 ? 'the body' : path.map(String).join('.');
}

/** Reads `body` (decoded JSON) as the answer `name`. */
export function readAnswer<N extends AnswerName>(name: N, body: unknown): ReadResult<Answer<N>> {
  const result = ANSWERS[name].safeParse(body);
  if (result.success) return { ok: true, value: result.data as Answer<N> };
  const issues = result.error.issues;
  const listed = issues.slice(0, MAX_REASONS).map((issue) => `${where(issue.path)}: ${issue.message}`);
  const more = issues.length > MAX_REASONS ? ` (+${issues.length - MAX_REASONS} more)` : '';
  return { ok: false, reason: `not a CodeArts ${name}: ${listed.join('; ')}${more}` };
}

/** Reads `body` as the answer `name`, or throws `BackendError('invalid_response')` with the reason as `detail`. */
export function expectAnswer<N extends AnswerName>(name: N, body: unknown, status?: number): Answer<N> {
  const read = readAnswer(name, body);
  if (read.ok) return read.value;
  throw new BackendError('invalid_response', { status, detail: read.reason });
}
