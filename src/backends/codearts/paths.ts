/**
 * Where the CodeArts calls go: the endpoint of each region (the SDK's region table, CODEARTS.md) and the v5 paths
 * with their query strings and request bodies, built only from checked ids — a pipeline id from `codeArtsIds`, a
 * project id of 32 letters and digits, run/job/step ids from a decoded ref — so nothing a person typed or an answer
 * said can reach a path unchecked. The endpoint stays configuration: documentation pages name other hosts too.
 */
import type { PipelineId } from '../../domain/pipeline-id.js';
import { isSafeId, type StepAddress } from './refs.js';

const EXT_REGIONS = [
  'cn-north-1',
  'cn-north-4',
  'cn-south-1',
  'cn-south-2',
  'cn-east-2',
  'cn-east-3',
  'cn-southwest-2',
  'ap-southeast-3',
  'sa-brazil-1',
  'la-north-2',
];
const EXTERNAL_REGIONS = ['tr-west-1', 'la-south-2'];
const PLAIN_REGIONS = ['af-north-1', 'me-east-1', 'af-south-1'];

/** The SDK's endpoint for `region`, or `null` for a region the table does not have. */
export function codeArtsEndpoint(region: string): string | null {
  if (EXT_REGIONS.includes(region)) return `https://cloudpipeline-ext.${region}.myhuaweicloud.com`;
  if (EXTERNAL_REGIONS.includes(region)) return `https://pipeline-external.${region}.myhuaweicloud.com`;
  if (PLAIN_REGIONS.includes(region)) return `https://pipeline.${region}.myhuaweicloud.com`;
  return null;
}

const PROJECT_ID = /^[0-9A-Za-z]{32}$/;

/** `true` for a CodeArts project id (32 letters and digits; not the IAM project). */
export function isCodeArtsProjectId(value: string): boolean {
  return PROJECT_ID.test(value);
}

function base(projectId: string, pipelineId?: PipelineId): string {
  if (!isCodeArtsProjectId(projectId)) throw new RangeError('not a CodeArts project id');
  if (pipelineId !== undefined && !/^[0-9a-f]{32}$/.test(pipelineId))
    throw new RangeError('not a CodeArts pipeline id');
  return pipelineId === undefined ? `/v5/${projectId}/api/pipelines` : `/v5/${projectId}/api/pipelines/${pipelineId}`;
}

function stepPath(projectId: string, pipelineId: PipelineId, step: StepAddress): string {
  if (!isSafeId(step.runId) || !isSafeId(step.jobRunId) || !isSafeId(step.stepRunId)) {
    throw new RangeError('not a CodeArts step address');
  }
  return `${base(projectId, pipelineId)}/pipeline-runs/${step.runId}/jobs/${step.jobRunId}/steps/${step.stepRunId}`;
}

/** The v5 paths (with query strings) of the calls the bot makes. */
export const codeArtsPaths = {
  /** `GET`: the latest run, or run `runId`, or run number `runNumber`. */
  detail(projectId: string, pipelineId: PipelineId, which: { runId?: string; runNumber?: number } = {}): string {
    const path = `${base(projectId, pipelineId)}/pipeline-runs/detail`;
    if (which.runId !== undefined) {
      if (!isSafeId(which.runId)) throw new RangeError('not a CodeArts run id');
      return `${path}?pipeline_run_id=${which.runId}`;
    }
    if (which.runNumber !== undefined) {
      if (!Number.isSafeInteger(which.runNumber) || which.runNumber < 1) throw new RangeError('not a run number');
      return `${path}?pipeline_run_number=${which.runNumber}`;
    }
    return path;
  },
  /** `POST` with `listBody`: pipelines by name. */
  list: (projectId: string): string => `${base(projectId)}/list`,
  /** `POST` with a JSON array of pipeline ids: their latest runs. */
  status: (projectId: string): string => `${base(projectId)}/status`,
  /** `POST` with `{offset, limit}`: one pipeline's runs. */
  runs: (projectId: string, pipelineId: PipelineId): string => `${base(projectId, pipelineId)}/pipeline-runs/list`,
  /** `POST` with `logBody`: a page of a step's log. */
  log: (projectId: string, pipelineId: PipelineId, step: StepAddress): string =>
    `${stepPath(projectId, pipelineId, step)}/logs`,
  /** `POST`, no body: pass or refuse a manual review as the credential's owner (`comment`: `approval_description`). */
  review(
    projectId: string,
    pipelineId: PipelineId,
    step: StepAddress,
    decision: 'pass' | 'refuse',
    comment = '',
  ): string {
    const path = `${stepPath(projectId, pipelineId, step)}/${decision}`;
    const text = comment.trim().slice(0, 500);
    return text === '' ? path : `${path}?approval_description=${encodeURIComponent(text)}`;
  },
};

/** The pipeline list's body: a name search, newest first. */
export function listBody(name: string, limit: number, offset = 0) {
  return { name, offset, limit, sort_key: 'create_time', sort_dir: 'desc' };
}

/**
 * A log request reading backwards from the end (where errors are): `before` is the `start_offset` of the page read
 * last (as the API sent it), absent for the last page. Both offsets 0 mean the whole log.
 */
export function logBody(limit: number, before?: string | null) {
  return { limit, sort: 'desc', start_offset: 0, end_offset: before ?? 0 };
}
