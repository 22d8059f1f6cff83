/**
 * The ContainerOps (SWR) pipeline as its API sends it: the API's fields in camelCase, zero times as `null`,
 * missing lists as `[]`. Built only by `parsePipeline` (./parse.ts) from a response body, and read only by the
 * mapping into the domain model (./map.ts): nothing outside this folder sees these types.
 *
 * Unknown statuses, service names and extra fields pass through as data: the API's docs are loose about types,
 * so every enum-like field is a known union widened with `string`.
 */

/** Every status the API documents, for a pipeline and a stage alike. */
export const KNOWN_STATUSES = [
  'waiting',
  'running',
  'success',
  'cancel',
  'rollbacking',
  'rollback_success',
  'stage_exception',
  'runtime_exception',
  'timeout',
  'unauthorized',
  'rollback_failed',
  'rollback_exception',
] as const;

export type KnownStatus = (typeof KNOWN_STATUSES)[number];
/** A documented status, or any other string the server sends. */
export type RunStatus = KnownStatus | (string & {});

/** Service names seen in the docs; any other passes through. */
export type ServiceName =
  | 'code_source'
  | 'jenkins_build'
  | 'dockerfile_build'
  | 'test_review'
  | 'official_deploy'
  | 'gray_deploy'
  | (string & {});

export type ReviewResultValue = 'pass' | 'waiting' | 'refuse' | (string & {});
/** `all`: every reviewer must approve; `one`: any one approval is enough. */
export type ReviewMode = 'all' | 'one' | (string & {});

export interface PipelineParam {
  name: string;
  /** May hold a secret: never display it. */
  value: string;
  description: string;
}

export interface Trigger {
  /** The webhook that runs the pipeline; may embed a secret: never display it. */
  webhookUrl: string | null;
  raw: Record<string, unknown>;
}

export interface PreOperation {
  operator: string | null;
  triggers: Trigger[];
}

export interface TriggerStatus {
  isSatisfied: boolean;
  raw: Record<string, unknown>;
}

export interface PreOperationStatus {
  triggersStatus: TriggerStatus[];
}

export interface Resource {
  name: string;
  type: string;
  description: string;
  params: Record<string, unknown>;
}

export interface ExceptionHandler {
  type: string;
  params: Record<string, unknown>;
}

export interface ReviewUser {
  userName: string;
  email: string | null;
}

/** The review set-up of a `test_review` stage, read from its params (the only params the bot reads). */
export interface ReviewConfig {
  mode: ReviewMode | null;
  users: ReviewUser[];
}

export interface Stage {
  /** 0-based position in `Pipeline.stages`; also the index into `status.stages`. */
  index: number;
  id: number | null;
  name: string;
  serviceName: ServiceName;
  exceptionHandler: ExceptionHandler | null;
  inputResources: Resource[];
  outputResources: Resource[];
  preOperation: PreOperation | null;
  postOperation: Record<string, unknown> | null;
  /** Free-form; may hold scripts, Dockerfiles or credentials: never display it. */
  params: Record<string, unknown>;
  /** Present for `test_review` stages only. */
  review: ReviewConfig | null;
}

export interface ReviewResult {
  userName: string;
  result: ReviewResultValue;
}

export interface StageStatus {
  status: RunStatus;
  startTime: Date | null;
  endTime: Date | null;
  preOperation: PreOperationStatus | null;
  /** Extra state of the stage, as sent. */
  state: Record<string, unknown>;
  /** `state.review_results` of a review stage, else `[]`. */
  reviewResults: ReviewResult[];
}

export interface PipelineRunStatus {
  status: RunStatus;
  /** The stage now executing (0-based); `null` when absent or not a number. */
  stageIndex: number | null;
  createdTime: Date | null;
  updatedTime: Date | null;
  startTime: Date | null;
  endTime: Date | null;
  /** By index into `Pipeline.stages`; may be shorter than it (or empty when the API sent `null`). */
  stages: StageStatus[];
  preOperation: PreOperationStatus | null;
}

export interface Pipeline {
  id: number;
  name: string;
  groupId: number | null;
  groupName: string;
  description: string;
  source: string | null;
  params: PipelineParam[];
  preOperation: PreOperation | null;
  postOperation: Record<string, unknown> | null;
  stages: Stage[];
  status: PipelineRunStatus;
}

export interface ListQuery {
  /** Substring match on the pipeline name. */
  name?: string;
  groupId?: number;
  limit?: number;
  offset?: number;
}

export interface PipelineList {
  items: Pipeline[];
  /** From `Content-Range: offset-count/total`; `null` when the header is absent or unreadable. */
  total: number | null;
  offset: number;
}
