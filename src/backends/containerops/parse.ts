/**
 * Turns a pipeline body from the API (JSON or YAML, already decoded) into the typed API `Pipeline`.
 * Pure and total: loose types, missing lists, zero times and unknown values never throw; only a body that is not
 * a pipeline at all (not an object, no numeric id) does. Throws `BackendError('invalid_response')` then.
 */
import { BackendError } from '../../domain/backend-error.js';
import { parseTime } from '../huawei/time.js';
import type {
  ExceptionHandler,
  Pipeline,
  PipelineParam,
  PipelineRunStatus,
  PreOperation,
  PreOperationStatus,
  Resource,
  ReviewConfig,
  ReviewResult,
  ReviewUser,
  Stage,
  StageStatus,
} from './api-types.js';

type Dict = Record<string, unknown>;

/** What a status reads as when the API sent none (never a documented value, so never mistaken for one). */
export const MISSING_STATUS = 'unknown';

/** Parses one pipeline body; throws `BackendError('invalid_response')` only when `raw` is not a pipeline at all. */
export function parsePipeline(raw: unknown): Pipeline {
  if (!isDict(raw)) throw notAPipeline(`expected an object, got ${describe(raw)}`);
  const id = toInt(raw.id);
  if (id === null) throw notAPipeline(`no numeric id (got ${describe(raw.id)})`);
  return {
    id,
    name: toStr(raw.name),
    groupId: toInt(raw.group_id),
    groupName: toStr(raw.group_name),
    description: toStr(raw.description),
    source: typeof raw.source === 'string' ? raw.source : null,
    params: toList(raw.params).filter(isDict).map(parseParam),
    preOperation: parsePreOperation(raw.pre_operation),
    postOperation: isDict(raw.post_operation) ? raw.post_operation : null,
    // Non-object entries are kept as empty stages so indexes still line up with `status.stages`.
    stages: toList(raw.stages).map((stage, index) => parseStage(isDict(stage) ? stage : {}, index)),
    status: parseRunStatus(isDict(raw.status) ? raw.status : {}),
  };
}

function parseParam(raw: Dict): PipelineParam {
  return { name: toStr(raw.name), value: toStr(raw.value), description: toStr(raw.description) };
}

function parsePreOperation(raw: unknown): PreOperation | null {
  if (!isDict(raw)) return null;
  return {
    operator: typeof raw.operator === 'string' ? raw.operator : null,
    triggers: toList(raw.triggers)
      .filter(isDict)
      .map((trigger) => {
        const url = isDict(trigger.webhook) ? trigger.webhook.url : undefined;
        return { webhookUrl: typeof url === 'string' && url !== '' ? url : null, raw: trigger };
      }),
  };
}

function parseStage(raw: Dict, index: number): Stage {
  const serviceName = toStr(raw.service_name);
  const params = isDict(raw.params) ? raw.params : {};
  return {
    index,
    id: toInt(raw.id),
    name: toStr(raw.name),
    serviceName,
    exceptionHandler: parseExceptionHandler(raw.exception_handler),
    inputResources: toList(raw.input_resources).filter(isDict).map(parseResource),
    outputResources: toList(raw.output_resources).filter(isDict).map(parseResource),
    preOperation: parsePreOperation(raw.pre_operation),
    postOperation: isDict(raw.post_operation) ? raw.post_operation : null,
    params,
    review: serviceName === 'test_review' ? parseReviewConfig(params) : null,
  };
}

function parseExceptionHandler(raw: unknown): ExceptionHandler | null {
  if (!isDict(raw)) return null;
  return { type: toStr(raw.type), params: isDict(raw.params) ? raw.params : {} };
}

function parseResource(raw: Dict): Resource {
  return {
    name: toStr(raw.name),
    type: toStr(raw.type),
    description: toStr(raw.description),
    params: isDict(raw.params) ? raw.params : {},
  };
}

function parseReviewConfig(params: Dict): ReviewConfig {
  const mode = params.review_mode;
  return {
    mode: typeof mode === 'string' && mode !== '' ? mode : null,
    users: toList(params.review_users)
      .map(parseReviewUser)
      .filter((user): user is ReviewUser => user !== null),
  };
}

function parseReviewUser(raw: unknown): ReviewUser | null {
  // The docs say `{user_name, email?}`; a bare name is tolerated.
  if (typeof raw === 'string') return raw === '' ? null : { userName: raw, email: null };
  if (!isDict(raw)) return null;
  const userName = toStr(raw.user_name);
  if (userName === '') return null;
  return { userName, email: typeof raw.email === 'string' && raw.email !== '' ? raw.email : null };
}

function parseRunStatus(raw: Dict): PipelineRunStatus {
  return {
    status: toStatus(raw.status),
    stageIndex: toInt(raw.stage_index),
    createdTime: parseTime(raw.created_time),
    updatedTime: parseTime(raw.updated_time),
    startTime: parseTime(raw.start_time),
    endTime: parseTime(raw.end_time),
    // `null` (the list call) and a list shorter than `stages` (the detail example) are both normal.
    stages: toList(raw.stages).map((stage) => parseStageStatus(isDict(stage) ? stage : {})),
    preOperation: parsePreOperationStatus(raw.pre_operation),
  };
}

function parseStageStatus(raw: Dict): StageStatus {
  const state = isDict(raw.state) ? raw.state : {};
  return {
    status: toStatus(raw.status),
    startTime: parseTime(raw.start_time),
    endTime: parseTime(raw.end_time),
    preOperation: parsePreOperationStatus(raw.pre_operation),
    state,
    reviewResults: toList(state.review_results).filter(isDict).map(parseReviewResult),
  };
}

function parseReviewResult(raw: Dict): ReviewResult {
  return { userName: toStr(raw.user_name), result: toStr(raw.result) };
}

function parsePreOperationStatus(raw: unknown): PreOperationStatus | null {
  if (!isDict(raw)) return null;
  return {
    triggersStatus: toList(raw.triggers_status)
      .filter(isDict)
      .map((trigger) => ({
        isSatisfied: trigger.is_satisfied === true || trigger.is_satisfied === 'true',
        raw: trigger,
      })),
  };
}

function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** A list as a dense array: a hole (`[, 1]`, never in JSON but possible from a caller) reads as `undefined`. */
function toList(value: unknown): unknown[] {
  return Array.isArray(value) ? Array.from(value) : [];
}

function toStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return '';
}

function toStatus(value: unknown): string {
  return typeof value === 'string' && value !== '' ? value : MISSING_STATUS;
}

/** An integer sent as a number or as a string of digits (the docs are loose: `stage_index: "0"`). */
function toInt(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : null;
  if (typeof value === 'string' && /^\s*-?\d{1,15}\s*$/.test(value)) return Number(value);
  return null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? 'a string' : typeof value;
}

function notAPipeline(detail: string): BackendError {
  return new BackendError('invalid_response', { detail: `not a pipeline: ${detail}` });
}
