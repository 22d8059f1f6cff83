/**
 * Where a simulated CodeArts pipeline stands at an instant: a pure function of its plan, its first start, the
 * speed and the review decisions recorded so far — no state between calls, so any clock value gives the same
 * answer every time. Jobs of a stage run in parallel; a stage ends when all its jobs have; a failed job fails
 * its stage and the run (later stages stay `INIT`); a manual review waits for its approvers per its strategy, a
 * refusal fails it at once, and its timeout decides per `timeout_strategy`. New runs start `idleS` after the end.
 */

/** A job: fixed work that succeeds or fails, or a manual review. */
export type JobPlan =
  | {
      kind: 'timed';
      name: string;
      /** The step's `business_type`. */
      business: 'Build' | 'Test' | 'Check' | 'Deploy' | 'Normal';
      durationS: number;
      /** Fails at its end with this message. */
      failure?: string;
      /** The word the job shows while it runs, instead of `RUNNING` (an undocumented status). */
      runningWord?: string;
      /** Log lines the step writes over its duration. */
      logLines?: number;
    }
  | {
      kind: 'review';
      name: string;
      /** Approvers by user name (the answer lists their ids). */
      approvers: string[];
      strategy: 'all' | 'any';
      timeoutS: number;
      timeoutStrategy: 'reject' | 'pass';
    };

/** A stage: its jobs run in parallel. */
export interface StagePlan {
  name: string;
  jobs: JobPlan[];
}

/** How every run of a pipeline goes. */
export interface RunPlan {
  /** Simulated seconds from the simulator's start to the first run (negative: it began earlier). */
  firstStartS: number;
  /** Seconds each run first waits in the concurrency queue (run `QUEUED`). */
  queuedS?: number;
  stages: StagePlan[];
  /** Seconds between a run's end and the next run; `null`: one run only. */
  idleS: number | null;
  /** Adds under a second per job, so times are never whole seconds. */
  jitterSeed?: number;
}

/** A decision recorded on run `runNumber`'s review (stage `stage`, job `job`) at `at` (ms). */
export interface ReviewEvent {
  runNumber: number;
  stage: number;
  job: number;
  user: string;
  decision: 'pass' | 'refuse';
  at: number;
}

/** A job at an instant (API status words). */
export interface JobState {
  status: string;
  startMs: number | null;
  endMs: number | null;
  message: string;
  /** For reviews: the decisions counted so far, in order. */
  votes?: { user: string; decision: 'pass' | 'refuse' }[];
}

/** A stage at an instant. */
export interface StageState {
  status: string;
  startMs: number | null;
  endMs: number | null;
  jobs: JobState[];
}

/** A run at an instant. */
export interface RunState {
  /** 0 for the first run (the API's `run_number` is this + 1). */
  runNumber: number;
  status: string;
  startMs: number;
  endMs: number | null;
  stages: StageState[];
}

/** Real milliseconds for simulated seconds at `speed`. */
export const scaled = (seconds: number, speed: number): number => (seconds * 1000) / speed;

function jobMs(plan: RunPlan, stage: number, job: number, durationS: number, speed: number): number {
  const seed = plan.jitterSeed;
  const jitter = seed === undefined ? 0 : (((seed % 10_007) * 31 + stage * 7919 + job * 104_729) % 997) / 1000;
  return scaled(durationS + jitter, speed);
}

const idle = (): JobState => ({ status: 'INIT', startMs: null, endMs: null, message: '' });
const notStarted = (s: StagePlan): StageState => ({
  status: 'INIT',
  startMs: null,
  endMs: null,
  jobs: s.jobs.map(idle),
});

type Review = Extract<JobPlan, { kind: 'review' }>;

/** A review job started at `start`, looked at at `t`: its state, and its end when decided by then. */
function evaluateReview(
  review: Review,
  start: number,
  t: number,
  speed: number,
  events: readonly ReviewEvent[],
): JobState {
  const deadline = start + scaled(review.timeoutS, speed);
  const votes: { user: string; decision: 'pass' | 'refuse' }[] = [];
  const passed = new Set<string>();
  for (const event of events) {
    if (event.at < start || event.at > t || event.at >= deadline) continue;
    if (!review.approvers.includes(event.user) || votes.some((v) => v.user === event.user)) continue;
    votes.push({ user: event.user, decision: event.decision });
    if (event.decision === 'refuse') {
      return {
        status: 'FAILED',
        startMs: start,
        endMs: event.at,
        message: `Manual review refused by ${event.user}`,
        votes,
      };
    }
    passed.add(event.user);
    if (review.strategy === 'any' || review.approvers.every((a) => passed.has(a))) {
      return { status: 'COMPLETED', startMs: start, endMs: event.at, message: '', votes };
    }
  }
  if (t >= deadline) {
    const pass = review.timeoutStrategy === 'pass';
    return {
      status: pass ? 'COMPLETED' : 'FAILED',
      startMs: start,
      endMs: deadline,
      message: pass ? '' : 'Manual review timed out and was rejected',
      votes,
    };
  }
  return { status: 'RUNNING', startMs: start, endMs: null, message: '', votes };
}

/** Run `runNumber`, started at `runStart`, looked at at `t`. */
function evaluateRun(
  plan: RunPlan,
  runNumber: number,
  runStart: number,
  t: number,
  speed: number,
  events: readonly ReviewEvent[],
): RunState {
  const stages = plan.stages.map(notStarted);
  const queuedUntil = runStart + scaled(plan.queuedS ?? 0, speed);
  if (t < queuedUntil) {
    const first = plan.stages[0];
    if (first)
      stages[0] = {
        status: 'QUEUED',
        startMs: null,
        endMs: null,
        jobs: first.jobs.map(() => ({ ...idle(), status: 'QUEUED' })),
      };
    return { runNumber, status: 'QUEUED', startMs: runStart, endMs: null, stages };
  }
  let cursor = queuedUntil;
  for (const [s, stage] of plan.stages.entries()) {
    const mine = events.filter((e) => e.runNumber === runNumber && e.stage === s);
    const jobs = stage.jobs.map((job, j): JobState => {
      if (job.kind === 'review')
        return evaluateReview(
          job,
          cursor,
          t,
          speed,
          mine.filter((e) => e.job === j),
        );
      const end = cursor + jobMs(plan, s, j, job.durationS, speed);
      if (t < end) return { status: job.runningWord ?? 'RUNNING', startMs: cursor, endMs: null, message: '' };
      return { status: job.failure ? 'FAILED' : 'COMPLETED', startMs: cursor, endMs: end, message: job.failure ?? '' };
    });
    const ends = jobs.map((job) => job.endMs);
    if (ends.some((end) => end === null)) {
      stages[s] = { status: 'RUNNING', startMs: cursor, endMs: null, jobs };
      return { runNumber, status: 'RUNNING', startMs: runStart, endMs: null, stages };
    }
    const end = Math.max(cursor, ...(ends as number[]));
    const failed = jobs.some((job) => job.status === 'FAILED');
    stages[s] = { status: failed ? 'FAILED' : 'COMPLETED', startMs: cursor, endMs: end, jobs };
    cursor = end;
    if (failed) return { runNumber, status: 'FAILED', startMs: runStart, endMs: end, stages };
  }
  return { runNumber, status: 'COMPLETED', startMs: runStart, endMs: cursor, stages };
}

const hasReview = (plan: RunPlan): boolean => plan.stages.some((s) => s.jobs.some((j) => j.kind === 'review'));

/**
 * The runs so far at `t`, oldest first, at most `keep` of them (the last is the current run); `[]` before the
 * first run. Plans without reviews jump straight to the runs asked for (closed form); with reviews, every run is
 * replayed, since a run lasts as long as its reviewers take.
 */
export function runHistory(
  plan: RunPlan,
  firstStart: number,
  t: number,
  speed: number,
  events: readonly ReviewEvent[] = [],
  keep = 20,
): RunState[] {
  if (t < firstStart) return [];
  const out: RunState[] = [];
  if (!hasReview(plan) && plan.idleS !== null) {
    const first = evaluateRun(plan, 0, firstStart, Number.POSITIVE_INFINITY, speed, events);
    const period = (first.endMs ?? firstStart) - firstStart + scaled(plan.idleS, speed);
    const current = period > 0 ? Math.floor((t - firstStart) / period) : 0;
    for (let n = Math.max(0, current - keep + 1); n <= current; n += 1) {
      out.push(evaluateRun(plan, n, firstStart + n * period, t, speed, events));
    }
    return out;
  }
  let runNumber = 0;
  let runStart = firstStart;
  for (;;) {
    const state = evaluateRun(plan, runNumber, runStart, t, speed, events);
    out.push(state);
    if (out.length > keep) out.shift();
    if (state.endMs === null || plan.idleS === null) return out;
    const next = state.endMs + scaled(plan.idleS, speed);
    if (t < next || next <= runStart) return out;
    runNumber += 1;
    runStart = next;
  }
}

/** The current run at `t`, or `null` before the first. */
export function currentRun(
  plan: RunPlan,
  firstStart: number,
  t: number,
  speed: number,
  events: readonly ReviewEvent[] = [],
): RunState | null {
  return runHistory(plan, firstStart, t, speed, events, 1).at(-1) ?? null;
}
