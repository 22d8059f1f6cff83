/**
 * The SWR (ContainerOps) pipeline exactly as the API sends it: snake_case, times as strings, zero time for
 * "unset". The simulator builds and serves these; the bot's camelCase model (../swr/types.ts) is parsed from them.
 */

export interface RawParam {
  name: string;
  value: string;
  description: string;
  id?: number;
  is_template?: boolean;
}

export interface RawResource {
  name: string;
  description: string;
  type: string;
  params: Record<string, unknown>;
}

export interface RawTrigger {
  webhook?: { url?: string; method?: string };
  channel?: { name: string };
}

export interface RawPreOperation {
  operator: string;
  triggers: RawTrigger[];
}

export interface RawExceptionHandler {
  type: string;
  params: Record<string, unknown>;
}

export interface RawStage {
  id: number;
  name: string;
  service_name: string;
  params: Record<string, unknown>;
  exception_handler?: RawExceptionHandler;
  input_resources?: RawResource[];
  output_resources?: RawResource[];
  pre_operation?: RawPreOperation;
  is_task?: boolean;
}

export interface RawReviewResult {
  user_name: string;
  /** `pass` | `waiting` | `refuse`. */
  result: string;
}

export interface RawTriggerStatus {
  is_satisfied: boolean;
  webhook?: Record<string, unknown>;
  channel?: Record<string, unknown>;
}

export interface RawStageStatus {
  status: string;
  pre_operation: { triggers_status: RawTriggerStatus[] };
  start_time: string;
  end_time: string;
  state?: { review_results?: RawReviewResult[] };
  tasks?: null;
}

export interface RawStatus {
  status: string;
  stage_index: number;
  created_time: string;
  updated_time: string;
  start_time: string;
  end_time: string;
  /** Only the stages reached so far; `null` in list answers. */
  stages: RawStageStatus[] | null;
  pre_operation?: { triggers_status?: RawTriggerStatus[] };
}

export interface RawPipeline {
  id: number;
  name: string;
  group_id: number;
  group_name: string;
  description: string;
  params: RawParam[];
  pre_operation: RawPreOperation;
  post_operation?: Record<string, unknown>;
  stages: RawStage[];
  status: RawStatus;
  source?: string;
}
