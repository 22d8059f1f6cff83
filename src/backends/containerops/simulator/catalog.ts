/**
 * Every pipeline the simulator knows: the built-in scenarios, the bulk ones, and raw pipelines installed by
 * tests. Answers "this pipeline now", "the list call" and "this review" for a given clock value; the only
 * state it keeps is recorded reviews and installed pipelines.
 */
import { BULK_FIRST_ID, BULK_GROUP, bulkName, bulkPipeline, isBulkId } from './bulk.js';
import type { RawPipeline } from './raw.js';
import { renderPipeline } from './render.js';
import { type ReviewOutcome, reviewRejected } from './review-outcome.js';
import { type Scenario, type SimulatedScenario, scenarioId } from './scenarios.js';
import { applyScriptedReview } from './scripted-review.js';
import { type ReviewDecision, type ReviewEvent, runStateAt, scaled } from './timeline.js';

/** The list call's filters and page. */
export interface ListFilter {
  name?: string;
  groupId?: number;
  groupName?: string;
  limit?: number;
  offset?: number;
}

export interface CatalogOptions {
  scenarios: readonly Scenario[];
  bulkCount: number;
  /** The simulator's start (ms): scenario times are relative to it. */
  origin: number;
  speed: number;
}

interface Identity {
  id: number;
  name: string;
  groupId: number;
  groupName: string;
}

/** The pipelines, as a function of the clock. */
export class Catalog {
  private readonly scenarios = new Map<number, Scenario>();
  private readonly scripted = new Map<number, Record<string, unknown>>();
  private readonly reviews = new Map<number, ReviewEvent[]>();

  constructor(private readonly options: CatalogOptions) {
    for (const s of options.scenarios) this.scenarios.set(scenarioId(s), s);
  }

  private firstStart(s: SimulatedScenario): number {
    return this.options.origin + scaled(s.plan.firstStartS, this.options.speed);
  }

  private render(s: SimulatedScenario, t: number): RawPipeline {
    const state = runStateAt(s.plan, this.firstStart(s), t, this.options.speed, this.reviews.get(s.definition.id));
    return renderPipeline({ ...s.definition, createdMs: this.options.origin - s.createdAgoS * 1000 }, state);
  }

  /** Pipeline `id` at time `t` as raw JSON, or `null` when unknown. Installed pipelines win. */
  get(id: number, t: number): object | null {
    const scripted = this.scripted.get(id);
    if (scripted) return scripted;
    const s = this.scenarios.get(id);
    if (s) return s.kind === 'static' ? s.raw : this.render(s, t);
    if (isBulkId(id, this.options.bulkCount)) return bulkPipeline(id, t, this.options.origin, this.options.speed);
    return null;
  }

  private identity(id: number): Identity | null {
    const scripted = this.scripted.get(id);
    if (scripted) {
      return {
        id,
        name: typeof scripted.name === 'string' ? scripted.name : '',
        groupId: typeof scripted.group_id === 'number' ? scripted.group_id : 0,
        groupName: typeof scripted.group_name === 'string' ? scripted.group_name : '',
      };
    }
    const s = this.scenarios.get(id);
    if (s?.kind === 'static') return { id, name: s.raw.name, groupId: s.raw.group_id, groupName: s.raw.group_name };
    if (s) return { id, name: s.definition.name, groupId: s.definition.groupId, groupName: s.definition.groupName };
    if (isBulkId(id, this.options.bulkCount)) {
      return { id, name: bulkName(id), groupId: BULK_GROUP.id, groupName: BULK_GROUP.name };
    }
    return null;
  }

  /** Every known id, ascending. */
  ids(): number[] {
    const ids = new Set<number>([...this.scenarios.keys(), ...this.scripted.keys()]);
    for (let i = 0; i < this.options.bulkCount; i += 1) ids.add(BULK_FIRST_ID + i);
    return [...ids].sort((a, b) => a - b);
  }

  /** The list call: matching pipelines (with `status.stages: null`, like the real one) and the total. */
  list(filter: ListFilter, t: number): { items: object[]; total: number } {
    const name = filter.name?.toLowerCase();
    const matching = this.ids().filter((id) => {
      const who = this.identity(id);
      if (!who) return false;
      if (name !== undefined && !who.name.toLowerCase().includes(name)) return false;
      if (filter.groupId !== undefined && who.groupId !== filter.groupId) return false;
      if (filter.groupName !== undefined && who.groupName !== filter.groupName) return false;
      return true;
    });
    const offset = filter.offset ?? 0;
    const page = matching.slice(offset, filter.limit === undefined ? undefined : offset + filter.limit);
    const items = page.map((id) => {
      const raw = this.get(id, t) as Record<string, unknown>;
      const status = raw.status;
      if (typeof status !== 'object' || status === null) return raw;
      const { pre_operation: _dropped, ...rest } = status as Record<string, unknown>;
      return { ...raw, status: { ...rest, stages: null } };
    });
    return { items, total: matching.length };
  }

  /** Records `user`'s `decision` on stage `index` of pipeline `id` at time `t`, if the service would accept it. */
  review(id: number, index: number, user: string, decision: ReviewDecision, t: number): ReviewOutcome {
    const scripted = this.scripted.get(id);
    if (scripted) return applyScriptedReview(scripted, index, user, decision, t);
    const s = this.scenarios.get(id);
    if (!s && !isBulkId(id, this.options.bulkCount)) return reviewRejected(404, `pipeline ${id} does not exist`);
    if (!s || s.kind === 'static') return reviewRejected(400, `stage ${index} is not a review stage`);
    const plan = s.plan.stages[index];
    if (!plan) return reviewRejected(400, `pipeline ${id} has no stage ${index}`);
    if (plan.kind !== 'review') return reviewRejected(400, `stage ${index} is not a review stage`);
    if (!plan.reviewers.some((r) => r.user === user)) {
      return reviewRejected(403, `user ${user} is not among the review_users of stage ${index}`);
    }
    const events = this.reviews.get(id) ?? [];
    const state = runStateAt(s.plan, this.firstStart(s), t, this.options.speed, events);
    if (state?.awaitingReview !== index) return reviewRejected(400, `stage ${index} is not waiting for a review`);
    const mine = state.stages[index]?.reviewResults?.find((r) => r.user === user);
    if (mine?.result !== 'waiting') return reviewRejected(400, `user ${user} has already reviewed stage ${index}`);
    // Kept in clock order (a test's clock may be set back), stable for equal times.
    const at = events.findIndex((e) => e.at > t);
    events.splice(at < 0 ? events.length : at, 0, { at: t, user, result: decision });
    this.reviews.set(id, events);
    return { ok: true };
  }

  /** Installs a raw pipeline for `id` (served verbatim, overriding any scenario), or removes it with `null`. */
  setScripted(id: number, raw: object | null): void {
    if (raw === null) this.scripted.delete(id);
    else this.scripted.set(id, structuredClone(raw) as Record<string, unknown>);
  }

  /** How many records it keeps: one per scenario, installed pipeline and pipeline with recorded reviews. */
  records(): number {
    return this.scenarios.size + this.scripted.size + this.reviews.size;
  }

  /** Forgets installed pipelines and recorded reviews. */
  reset(): void {
    this.scripted.clear();
    this.reviews.clear();
  }
}
