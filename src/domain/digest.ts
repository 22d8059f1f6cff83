/**
 * A run's outline without jobs: which run, how it stands, its stages' statuses and times. An API that can give the
 * latest run of many pipelines in one cheap call (CodeArts `POST …/pipelines/status`) answers this through
 * `PipelineBackend.latestStatuses`, so a watcher can ask about every watched pipeline at once and read the whole run
 * only where `digestKey` changed. What a digest cannot show: jobs inside a running stage (parallel jobs finishing,
 * a job's error text) and review votes — a watcher that shows those still reads the whole run now and then.
 */
import type { PipelineId } from './pipeline-id.js';
import type { StatusValue } from './status.js';

/** A stage as an outline gives it. */
export interface StageDigest {
  name: string;
  /** `null`: the API sent no status for this stage (not reached yet). */
  status: StatusValue | null;
  startTime: Date | null;
  endTime: Date | null;
}

/** A run's outline: which run, how it stands, its stages without jobs. */
export interface RunDigest {
  /** `null` when the answer names no (readable) pipeline id. */
  pipelineId: PipelineId | null;
  /** The API's id of the run, `null` when it has none. */
  runId: string | null;
  /** The run's number as people say it ("#42"). */
  number: number | null;
  status: StatusValue;
  trigger: string | null;
  triggeredBy: string | null;
  branch: string | null;
  commitMessage: string | null;
  startTime: Date | null;
  endTime: Date | null;
  stages: StageDigest[];
  consoleUrl: string | null;
}

const ms = (time: Date | null): string => (time === null ? '' : String(time.getTime()));

/**
 * A string that changes whenever the outline moves — another run, the run's status or end, a stage's status, start
 * or end — and stays the same while nothing it shows does (it holds no clock text), so two digests of one pipeline
 * compare by their keys.
 */
export function digestKey(digest: RunDigest): string {
  const stages = digest.stages.map((s) => [s.status?.raw ?? '', ms(s.startTime), ms(s.endTime)].join(','));
  return JSON.stringify([
    digest.runId ?? '',
    digest.number ?? '',
    digest.status.raw,
    ms(digest.startTime),
    ms(digest.endTime),
    stages,
  ]);
}
