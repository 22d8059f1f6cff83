/**
 * Reviews on a pipeline a test installed as raw JSON: the same rules as for the built-in scenarios, applied
 * by editing the JSON in place (review result, stage and pipeline status, times), so scripted review flows
 * move like the real service's.
 */
import { type ReviewOutcome, reviewRejected } from './review-outcome.js';
import { formatApiTime, ZERO_TIME } from './time.js';
import type { ReviewDecision } from './timeline.js';

type Json = Record<string, unknown>;

function obj(value: unknown): Json | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Applies a review to the installed pipeline `raw` (mutated) at time `t`. */
export function applyScriptedReview(
  raw: Json,
  index: number,
  user: string,
  decision: ReviewDecision,
  t: number,
): ReviewOutcome {
  const stages = list(raw.stages);
  const stage = obj(stages[index]);
  if (!stage) return reviewRejected(400, `pipeline has no stage ${index}`);
  if (stage.service_name !== 'test_review') return reviewRejected(400, `stage ${index} is not a review stage`);
  const params = obj(stage.params) ?? {};
  const reviewers = list(params.review_users)
    .map((u) => obj(u)?.user_name)
    .filter((u): u is string => typeof u === 'string');
  if (!reviewers.includes(user)) {
    return reviewRejected(403, `user ${user} is not among the review_users of stage ${index}`);
  }
  const status = obj(raw.status);
  const stageStatus = obj(list(status?.stages)[index]);
  if (!status || !stageStatus || !['waiting', 'running'].includes(String(stageStatus.status))) {
    return reviewRejected(400, `stage ${index} is not waiting for a review`);
  }
  const state = obj(stageStatus.state) ?? {};
  const results = new Map<string, string>(reviewers.map((u) => [u, 'waiting']));
  for (const r of list(state.review_results)) {
    const entry = obj(r);
    if (typeof entry?.user_name === 'string' && typeof entry.result === 'string')
      results.set(entry.user_name, entry.result);
  }
  if (results.get(user) !== 'waiting') return reviewRejected(400, `user ${user} has already reviewed stage ${index}`);
  results.set(user, decision);
  stageStatus.state = { ...state, review_results: [...results].map(([user_name, result]) => ({ user_name, result })) };

  const now = formatApiTime(t);
  status.updated_time = now;
  const values = [...results.values()];
  const mode = params.review_mode === 'one' ? 'one' : 'all';
  if (decision === 'refuse') {
    Object.assign(stageStatus, { status: 'stage_exception', end_time: now });
    Object.assign(status, { status: 'stage_exception', stage_index: index, end_time: now });
    return { ok: true };
  }
  const passed = mode === 'one' ? values.includes('pass') : values.every((v) => v === 'pass');
  if (!passed) return { ok: true };
  Object.assign(stageStatus, { status: 'success', end_time: now });
  if (index + 1 >= stages.length) {
    Object.assign(status, { status: 'success', stage_index: index, end_time: now });
    return { ok: true };
  }
  // The pipeline moves on: the next stage starts now.
  const entries = list(status.stages);
  entries[index + 1] = {
    status: 'running',
    pre_operation: { triggers_status: [] },
    start_time: now,
    end_time: ZERO_TIME,
    tasks: null,
  };
  Object.assign(status, { status: 'running', stage_index: index + 1, stages: entries.slice(0, index + 2) });
  return { ok: true };
}
