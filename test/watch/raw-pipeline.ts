/**
 * Raw SWR pipeline JSON for watch tests, written the way the real service sends it (snake_case, Go zero times),
 * so the simulator serves it through `control.setPipeline` and the real client parses it.
 */
const ZERO = '0001-01-01T00:00:00Z';

export interface RawStageSpec {
  name: string;
  status: string;
  /** Seconds after the run's start; `null` (default) for not started. */
  start?: number | null;
  end?: number | null;
  review?: { mode: 'all' | 'one'; users: string[]; results?: Record<string, 'pass' | 'refuse' | 'waiting'> };
}

export interface RawPipelineSpec {
  id: number;
  name?: string;
  status: string;
  /** The run's start (a new value is a new run). */
  runStart: Date | null;
  /** Seconds after the run's start. */
  end?: number | null;
  stageIndex?: number;
  stages: RawStageSpec[];
}

const time = (runStart: Date | null, offset: number | null | undefined): string =>
  runStart === null || offset === null || offset === undefined
    ? ZERO
    : new Date(runStart.getTime() + offset * 1000).toISOString();

/** The raw JSON of `spec`. */
export function rawPipeline(spec: RawPipelineSpec): Record<string, unknown> {
  return {
    id: spec.id,
    name: spec.name ?? `pipeline-${spec.id}`,
    group_id: 1,
    group_name: 'default',
    description: '',
    params: [],
    stages: spec.stages.map((s, i) => ({
      id: spec.id * 10 + i,
      name: s.name,
      service_name: s.review ? 'test_review' : 'jenkins_build',
      params: s.review
        ? { review_mode: s.review.mode, review_users: s.review.users.map((u) => ({ user_name: u })) }
        : { jenkins_shell: 'make' },
    })),
    status: {
      status: spec.status,
      stage_index:
        spec.stageIndex ??
        Math.max(
          0,
          spec.stages.findLastIndex((s) => s.start !== undefined && s.start !== null),
        ),
      created_time: time(spec.runStart, -60),
      updated_time: time(spec.runStart, 0),
      start_time: time(spec.runStart, 0),
      end_time: time(spec.runStart, spec.end),
      stages: spec.stages.map((s) => ({
        status: s.status,
        start_time: time(spec.runStart, s.start),
        end_time: time(spec.runStart, s.end),
        state: s.review
          ? {
              review_results: s.review.users.map((u) => ({
                user_name: u,
                result: s.review?.results?.[u] ?? 'waiting',
              })),
            }
          : {},
      })),
    },
  };
}

/** A three-stage pipeline (build → approve (review) → deploy) at a named point of its run. */
export function threeStage(
  id: number,
  runStart: Date,
  point:
    | 'queued'
    | 'building'
    | 'review'
    | 'approved_by_alice'
    | 'deploying'
    | 'succeeded'
    | 'build_failed'
    | 'refused',
  name = `build-api-${id}`,
): Record<string, unknown> {
  const users = ['alice', 'bob'];
  const build = (status: string, end: number | null): RawStageSpec => ({ name: 'Build', status, start: 0, end });
  const review = (status: string, results: Record<string, 'pass' | 'refuse' | 'waiting'>, end: number | null) => ({
    name: 'Approve <prod>',
    status,
    start: 120,
    end,
    review: { mode: 'all' as const, users, results },
  });
  const pending = { name: 'Approve <prod>', status: 'waiting', review: { mode: 'all' as const, users } };
  const deployPending: RawStageSpec = { name: 'Deploy & verify', status: 'waiting' };
  const specs: Record<typeof point, Omit<RawPipelineSpec, 'id' | 'runStart' | 'name'>> = {
    queued: {
      status: 'waiting',
      stages: [{ name: 'Build', status: 'waiting' }, pending, deployPending],
      stageIndex: 0,
    },
    building: { status: 'running', stages: [build('running', null), pending, deployPending] },
    review: { status: 'running', stages: [build('success', 120), review('waiting', {}, null), deployPending] },
    approved_by_alice: {
      status: 'running',
      stages: [build('success', 120), review('waiting', { alice: 'pass' }, null), deployPending],
    },
    deploying: {
      status: 'running',
      stages: [
        build('success', 120),
        review('success', { alice: 'pass', bob: 'pass' }, 400),
        { name: 'Deploy & verify', status: 'running', start: 400 },
      ],
    },
    succeeded: {
      status: 'success',
      end: 700,
      stages: [
        build('success', 120),
        review('success', { alice: 'pass', bob: 'pass' }, 400),
        { name: 'Deploy & verify', status: 'success', start: 400, end: 700 },
      ],
    },
    build_failed: {
      status: 'stage_exception',
      end: 90,
      stages: [build('stage_exception', 90), pending, deployPending],
      stageIndex: 0,
    },
    refused: {
      status: 'stage_exception',
      end: 300,
      stages: [build('success', 120), review('stage_exception', { alice: 'pass', bob: 'refuse' }, 300), deployPending],
    },
  };
  return rawPipeline({ id, name, runStart, ...specs[point] });
}
