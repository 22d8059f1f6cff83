/**
 * The simulated pipelines as a function of the clock, and the only state the simulator keeps about them: review
 * decisions. Answers "this pipeline's runs now", "the list call" and "this decision, by this person", checking a
 * decision as the API would: the step must be a manual review of that run, waiting, and the person one of its
 * approvers who has not decided yet. Every accepted decision is recorded with who made it and how they signed in.
 */

import { jobIdOf, runIdOf, stepIdOf } from './render.js';
import type { Scenario } from './scenarios.js';
import { type JobPlan, type JobState, type ReviewEvent, type RunState, runHistory, scaled } from './timeline.js';

/** How many past runs the simulator can show or act on (the runs list pages through these). */
export const KEPT_RUNS = 50;

/** A person's decision as the simulator recorded it. */
export interface Decision extends StepAddressed {
  /** The user the credential belongs to. */
  user: string;
  decision: 'pass' | 'refuse';
  at: number;
  /** How they were authenticated: a token, AK/SK, or the control API. */
  via: 'token' | 'aksk' | 'control';
  /** `approval_description`, when given. */
  comment: string;
}

/** The ids that address one step of one run, as the API's paths carry them. */
export interface StepAddressed {
  pipelineId: string;
  runId: string;
  jobRunId: string;
  stepRunId: string;
}

/** A step found: its pipeline, run, position, plan and state. */
export interface LocatedStep {
  ok: true;
  scenario: Scenario;
  run: RunState;
  stage: number;
  job: number;
  plan: JobPlan;
  state: JobState;
}

/** An API error the simulator answers: its HTTP status, its body's shape and its code. */
export interface SimError {
  status: number;
  shape: 'error_code' | 'error_object';
  code: string;
  message: string;
}

/** A decision accepted, or the error the API answers instead. */
export type ReviewOutcome = { ok: true } | ({ ok: false } & SimError);

/** The pipeline list's filters and page. */
export interface ListFilter {
  name?: string;
  offset: number;
  limit: number;
  sortKey: 'name' | 'create_time' | 'update_time';
  sortDir: 'asc' | 'desc';
}

const fail = (status: number, shape: SimError['shape'], code: string, message: string): { ok: false } & SimError => ({
  ok: false,
  status,
  shape,
  code,
  message,
});

/** The answer for an unknown pipeline: a 200 carrying the code, as Huawei's Terraform provider expects it. */
export const PIPELINE_NOT_FOUND: SimError = {
  status: 200,
  shape: 'error_code',
  code: 'DEVPIPE.00011401',
  message: 'The pipeline does not exist or has been deleted.',
};

/** What the catalog is built from. */
export interface CatalogOptions {
  scenarios: readonly Scenario[];
  /** The simulator's start (ms): scenario times are relative to it. */
  origin: number;
  speed: number;
}

/** Where job run `jobRunId` sits in run `runId` of `s`, or `null`. */
function locateJob(s: Scenario, runId: string, jobRunId: string): { stage: number; job: number } | null {
  for (const [stage, plan] of s.plan.stages.entries()) {
    for (const job of plan.jobs.keys()) if (jobIdOf(runId, stage, job) === jobRunId) return { stage, job };
  }
  return null;
}

/** The pipelines and the decisions made on them. */
export class Catalog {
  private readonly byId = new Map<string, Scenario>();
  private readonly events = new Map<string, ReviewEvent[]>();
  private readonly decided: Decision[] = [];

  constructor(private readonly options: CatalogOptions) {
    for (const s of options.scenarios) this.byId.set(s.id, s);
  }

  /** The scenario with id `id` (case-sensitive, as the API's paths are), if any. */
  scenario(id: string): Scenario | undefined {
    return this.byId.get(id);
  }

  /** Every scenario, in banner order. */
  all(): Scenario[] {
    return [...this.byId.values()];
  }

  /** When `s` was created (ms). */
  createdMs(s: Scenario): number {
    return this.options.origin - s.createdAgoS * 1000;
  }

  /** The runs of `s` at `t`, oldest first (at most `KEPT_RUNS`). */
  history(s: Scenario, t: number): RunState[] {
    const first = this.options.origin + scaled(s.plan.firstStartS, this.options.speed);
    return runHistory(s.plan, first, t, this.options.speed, this.events.get(s.id), KEPT_RUNS);
  }

  /** The run with API id `runId`, or run number `runNumber` (1-based), or the latest; `null` when none matches. */
  run(s: Scenario, t: number, which: { runId?: string; runNumber?: number } = {}): RunState | null {
    const runs = this.history(s, t);
    if (which.runId !== undefined) return runs.find((r) => runIdOf(s.id, r.runNumber) === which.runId) ?? null;
    if (which.runNumber !== undefined) return runs.find((r) => r.runNumber + 1 === which.runNumber) ?? null;
    return runs.at(-1) ?? null;
  }

  /** The pipelines whose name contains `filter.name` (any case), sorted and paged, and how many match. */
  list(filter: ListFilter, t: number): { items: Scenario[]; total: number } {
    const name = filter.name?.toLowerCase() ?? '';
    const matching = this.all().filter((s) => s.name.toLowerCase().includes(name));
    const key = (s: Scenario): string | number =>
      filter.sortKey === 'name' ? s.name : filter.sortKey === 'create_time' ? this.createdMs(s) : this.updatedMs(s, t);
    matching.sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      const order = x < y ? -1 : x > y ? 1 : 0;
      return filter.sortDir === 'asc' ? order : -order;
    });
    return { items: matching.slice(filter.offset, filter.offset + filter.limit), total: matching.length };
  }

  private updatedMs(s: Scenario, t: number): number {
    const run = this.run(s, t);
    return run?.endMs ?? run?.startMs ?? this.createdMs(s);
  }

  /** The step `address` names at `t`, with its run, plan and state; or the error the API would answer. */
  step(address: StepAddressed, t: number): LocatedStep | ({ ok: false } & SimError) {
    const s = this.scenario(address.pipelineId);
    if (!s) return { ok: false, ...PIPELINE_NOT_FOUND };
    const run = this.run(s, t, { runId: address.runId });
    if (!run) return fail(404, 'error_object', 'SIM.00000404', 'The pipeline run does not exist.');
    const at = locateJob(s, address.runId, address.jobRunId);
    if (at === null) return fail(404, 'error_object', 'SIM.00000404', 'The job run does not exist in this run.');
    if (stepIdOf(address.jobRunId) !== address.stepRunId) {
      return fail(404, 'error_object', 'SIM.00000404', 'The step run does not exist in this job.');
    }
    const plan = s.plan.stages[at.stage]?.jobs[at.job];
    const state = run.stages[at.stage]?.jobs[at.job];
    if (!plan || !state) return fail(404, 'error_object', 'SIM.00000404', 'The job run does not exist in this run.');
    return { ok: true, scenario: s, run, ...at, plan, state };
  }

  /** Records `user`'s decision on the review step addressed, at `t`, if the API would accept it. */
  review(
    address: StepAddressed,
    user: string,
    decision: 'pass' | 'refuse',
    via: Decision['via'],
    t: number,
    comment = '',
  ): ReviewOutcome {
    const found = this.step(address, t);
    if (!found.ok) return found;
    const { scenario, run, plan, state, stage, job } = found;
    if (plan.kind !== 'review') return fail(400, 'error_code', 'SIM.00000400', 'The step is not a manual review.');
    if (!plan.approvers.includes(user)) {
      return fail(403, 'error_code', 'SIM.00000403', `User ${user} is not an approver of this manual review.`);
    }
    if (state.status !== 'RUNNING') {
      return fail(200, 'error_code', 'SIM.00000409', 'The manual review is not waiting for a decision.');
    }
    if (state.votes?.some((v) => v.user === user)) {
      return fail(200, 'error_code', 'SIM.00000409', `User ${user} has already decided on this manual review.`);
    }
    const events = this.events.get(scenario.id) ?? [];
    // Kept in clock order (a test's clock may be set back), stable for equal times.
    const index = events.findIndex((e) => e.at > t);
    const event: ReviewEvent = { runNumber: run.runNumber, stage, job, user, decision, at: t };
    events.splice(index < 0 ? events.length : index, 0, event);
    this.events.set(scenario.id, events);
    this.decided.push({ ...address, user, decision, at: t, via, comment });
    return { ok: true };
  }

  /** The decisions recorded (on `pipelineId`, or all), oldest first. */
  decisions(pipelineId?: string): Decision[] {
    return this.decided.filter((d) => pipelineId === undefined || d.pipelineId === pipelineId).map((d) => ({ ...d }));
  }

  /** Forgets every decision. */
  reset(): void {
    this.events.clear();
    this.decided.length = 0;
  }
}
