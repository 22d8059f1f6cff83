/**
 * Where a simulated pipeline stands at a given instant: a pure function of its run plan, the time its first
 * run starts, the speed and the reviews recorded so far. No state is kept between calls, so any clock value
 * (a test's injected `now`, a benchmark's thousands of GETs) gives the same answer every time.
 */

export type FailureStatus = 'stage_exception' | 'runtime_exception';
export type ReviewDecision = 'pass' | 'refuse';

/** One stage of a run: it either takes a fixed time, or waits for reviewers. */
export type StagePlan =
  | { kind: 'timed'; durationS: number; outcome: 'success' | FailureStatus }
  | {
      kind: 'review';
      mode: 'all' | 'one';
      /** Reviewers in order, with the result each has when the stage starts. */
      reviewers: { user: string; initial: 'pass' | 'waiting' }[];
    };

export interface RunPlan {
  /** Simulated seconds from the simulator's start to the first run's start (negative: it began earlier). */
  firstStartS: number;
  stages: StagePlan[];
  /** Simulated seconds between a run's end and the next run's start; `null`: the pipeline runs once. */
  idleS: number | null;
  /**
   * Adds under a second to each timed stage, different per stage and per seed, so durations and times are not
   * whole seconds (real ones never are, and equal fractions would hide a client's fraction-parsing bugs).
   */
  jitterSeed?: number;
}

/** A review recorded at `at` (simulator clock, ms). */
export interface ReviewEvent {
  at: number;
  user: string;
  result: ReviewDecision;
}

export interface StageState {
  status: string;
  startMs: number;
  endMs: number | null;
  /** For review stages: `[user, result]` in reviewer order. */
  reviewResults?: { user: string; result: string }[];
}

export interface RunState {
  /** 0 for the first run. */
  runNumber: number;
  status: string;
  stageIndex: number;
  startMs: number;
  endMs: number | null;
  /** The last transition (run start, a stage start or end, a review). */
  updatedMs: number;
  /** Only the stages reached so far. */
  stages: StageState[];
  /** Index of the review stage waiting for decisions, else `null`. */
  awaitingReview: number | null;
}

/** Real milliseconds a plan's simulated seconds take at `speed`. */
export function scaled(seconds: number, speed: number): number {
  return (seconds * 1000) / speed;
}

/** Real milliseconds timed stage `index` of `plan` takes at `speed`. */
export function stageMs(plan: RunPlan, index: number, durationS: number, speed: number): number {
  const jitterS = plan.jitterSeed === undefined ? 0 : (((plan.jitterSeed % 10_007) * 31 + index * 7919) % 997) / 1000;
  return scaled(durationS + jitterS, speed);
}

function decide(plan: Extract<StagePlan, { kind: 'review' }>, results: Map<string, string>): ReviewDecision | null {
  const values = [...results.values()];
  if (values.includes('refuse')) return 'refuse';
  if (plan.mode === 'one' ? values.includes('pass') : values.every((v) => v === 'pass')) return 'pass';
  return null;
}

/** One run started at `runStart`, looked at at `t` (≥ `runStart`). */
function evaluateRun(
  plan: RunPlan,
  runNumber: number,
  runStart: number,
  t: number,
  speed: number,
  events: readonly ReviewEvent[],
): RunState {
  const stages: StageState[] = [];
  let cursor = runStart;
  const running = (index: number, updatedMs: number, awaitingReview: number | null): RunState => ({
    runNumber,
    status: 'running',
    stageIndex: index,
    startMs: runStart,
    endMs: null,
    updatedMs,
    stages,
    awaitingReview,
  });
  const ended = (index: number, status: string): RunState => ({
    runNumber,
    status,
    stageIndex: index,
    startMs: runStart,
    endMs: cursor,
    updatedMs: cursor,
    stages,
    awaitingReview: null,
  });

  for (const [index, stage] of plan.stages.entries()) {
    if (stage.kind === 'timed') {
      const end = cursor + stageMs(plan, index, stage.durationS, speed);
      if (t < end) {
        stages.push({ status: 'running', startMs: cursor, endMs: null });
        return running(index, cursor, null);
      }
      stages.push({ status: stage.outcome, startMs: cursor, endMs: end });
      cursor = end;
      if (stage.outcome !== 'success') return ended(index, stage.outcome);
      continue;
    }
    const results = new Map(stage.reviewers.map((r) => [r.user, r.initial as string]));
    let decision = decide(stage, results);
    let decidedAt = cursor;
    let lastReview = cursor;
    for (const event of events) {
      if (decision !== null) break;
      if (event.at < cursor || event.at > t || results.get(event.user) !== 'waiting') continue;
      results.set(event.user, event.result);
      lastReview = event.at;
      decision = decide(stage, results);
      decidedAt = event.at;
    }
    const reviewResults = [...results].map(([user, result]) => ({ user, result }));
    if (decision === null) {
      stages.push({ status: 'waiting', startMs: cursor, endMs: null, reviewResults });
      return running(index, lastReview, index);
    }
    stages.push({
      status: decision === 'pass' ? 'success' : 'stage_exception',
      startMs: cursor,
      endMs: decidedAt,
      reviewResults,
    });
    cursor = decidedAt;
    if (decision === 'refuse') return ended(index, 'stage_exception');
  }
  return ended(plan.stages.length - 1, 'success');
}

/**
 * The state at `t` of a pipeline whose first run starts at `firstStart` (all in ms on the simulator clock);
 * `null` before the first run. Plans without reviews jump straight to the current run (closed form, so bulk
 * pipelines stay cheap); with reviews, runs are replayed, one per decided review.
 */
export function runStateAt(
  plan: RunPlan,
  firstStart: number,
  t: number,
  speed: number,
  events: readonly ReviewEvent[] = [],
): RunState | null {
  if (t < firstStart) return null;
  const hasReview = plan.stages.some((s) => s.kind === 'review');
  let runNumber = 0;
  let runStart = firstStart;
  if (!hasReview && plan.idleS !== null) {
    const first = evaluateRun(plan, 0, firstStart, Number.POSITIVE_INFINITY, speed, events);
    const period = (first.endMs ?? firstStart) - firstStart + scaled(plan.idleS, speed);
    if (period > 0) {
      runNumber = Math.floor((t - firstStart) / period);
      runStart = firstStart + runNumber * period;
    }
  }
  for (;;) {
    const state = evaluateRun(plan, runNumber, runStart, t, speed, events);
    if (state.endMs === null || plan.idleS === null) return state;
    const next = state.endMs + scaled(plan.idleS, speed);
    if (t < next || next <= runStart) return state;
    runNumber += 1;
    runStart = next;
  }
}
