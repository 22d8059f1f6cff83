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

/** The points of a run in which a stage is retried: Build fails and runs again, the review is refused and asked again. */
export const RETRY_POINTS = [
  'building',
  'build_failed',
  'build_retried',
  'review',
  'review_refused',
  'review_asked_again',
  'approved_by_alice',
  'deploying',
] as const;

/**
 * The three-stage pipeline of `threeStage` at a point of one run (one `start_time`, status `running` throughout)
 * in which two stages are retried, as a stage retry shows in SWR: the same stage with a new start time.
 */
export function threeStageRetried(
  id: number,
  runStart: Date,
  point: (typeof RETRY_POINTS)[number],
): Record<string, unknown> {
  const users = ['alice', 'bob'];
  const build = (status: string, start: number, end: number | null): RawStageSpec => ({
    name: 'Build',
    status,
    start,
    end,
  });
  const review = (
    status: string,
    start: number | null,
    end: number | null,
    results: Record<string, 'pass' | 'refuse' | 'waiting'> = {},
  ): RawStageSpec => ({
    name: 'Approve <prod>',
    status,
    start,
    end,
    review: { mode: 'all', users, results },
  });
  const deployPending: RawStageSpec = { name: 'Deploy & verify', status: 'waiting' };
  const stages: Record<(typeof RETRY_POINTS)[number], RawStageSpec[]> = {
    building: [build('running', 0, null), review('waiting', null, null), deployPending],
    build_failed: [build('stage_exception', 0, 60), review('waiting', null, null), deployPending],
    // The retry: the same stage, started again at 90 s.
    build_retried: [build('running', 90, null), review('waiting', null, null), deployPending],
    review: [build('success', 90, 180), review('waiting', 180, null), deployPending],
    review_refused: [
      build('success', 90, 180),
      review('stage_exception', 180, 240, { alice: 'pass', bob: 'refuse' }),
      deployPending,
    ],
    // The review retried: asked again from 300 s, every decision back to waiting.
    review_asked_again: [build('success', 90, 180), review('waiting', 300, null), deployPending],
    approved_by_alice: [build('success', 90, 180), review('waiting', 300, null, { alice: 'pass' }), deployPending],
    deploying: [
      build('success', 90, 180),
      review('success', 300, 360, { alice: 'pass', bob: 'pass' }),
      { name: 'Deploy & verify', status: 'running', start: 360 },
    ],
  };
  return rawPipeline({ id, name: `build-api-${id}`, runStart, status: 'running', stages: stages[point] });
}
