/**
 * Milestones: what happened between the last handled state of a run and the current one, as events with stable
 * keys, and which of them a watch's filter lets through. A key names the event within its run — a retried stage
 * has a new start time, hence new keys — so deriving the same milestones again after a 429 or a crash finds them
 * already recorded instead of posting them twice. Pure.
 */
import type { RunStageState, RunState } from './run-state.js';
import { classOf, isTerminalClass, type StatusValue } from './status.js';
import type { WatchFilter } from './watch-filter.js';

/** Something that happened to a watched run, as the thread tells it. */
export type Milestone =
  | { kind: 'stage_started'; key: string; stage: number; name: string }
  | { kind: 'stage_finished'; key: string; stage: number; name: string; status: StatusValue; durationMs: number | null }
  | { kind: 'review_requested'; key: string; stage: number; name: string; pending: string[] }
  | { kind: 'review_approved'; key: string; stage: number; name: string; user: string; pending: string[] }
  | { kind: 'review_passed'; key: string; stage: number; name: string; approvers: string[] }
  | { kind: 'review_refused'; key: string; stage: number; name: string; refusers: string[] }
  | {
      kind: 'run_finished';
      key: string;
      status: StatusValue;
      durationMs: number | null;
      /** The failed stage's name, if one failed. */
      failedStage: string | null;
    };

export type MilestoneKind = Milestone['kind'];

/** A milestone to post, and whether it also goes to the channel (`reply_broadcast`). */
export interface PlannedMilestone {
  milestone: Milestone;
  broadcast: boolean;
}

const duration = (start: number | null, end: number | null): number | null =>
  start !== null && end !== null && end >= start ? end - start : null;

/** Same stage attempt: a retried stage gets a new start time and counts as new. */
function sameAttempt(a: RunStageState | undefined, b: RunStageState): a is RunStageState {
  return a !== undefined && a.start === b.start;
}

function stageMilestones(index: number, prevState: RunState | null, next: RunState): Milestone[] {
  const stage = next.stages[index];
  if (!stage) return [];
  const candidate = prevState?.stages[index];
  const prev = sameAttempt(candidate, stage) ? candidate : undefined;
  const base = `stage:${index}@${stage.start ?? 'x'}`;
  const out: Milestone[] = [];
  const finishedNow = isTerminalClass(stage.statusClass) && !(prev && isTerminalClass(prev.statusClass));

  if (stage.review) {
    const review = stage.review;
    const wasAwaiting = prevState?.awaitingReview === index && prev !== undefined;
    if (next.awaitingReview === index && !wasAwaiting) {
      out.push({
        kind: 'review_requested',
        key: `${base}:review`,
        stage: index,
        name: stage.name,
        pending: review.pending,
      });
    }
    if (!isTerminalClass(stage.statusClass)) {
      for (const user of review.passed) {
        if (prev?.review?.passed.includes(user)) continue;
        out.push({
          kind: 'review_approved',
          key: `${base}:approved:${user}`,
          stage: index,
          name: stage.name,
          user,
          pending: review.pending,
        });
      }
    }
    if (finishedNow && review.refused.length > 0) {
      out.push({
        kind: 'review_refused',
        key: `${base}:refused`,
        stage: index,
        name: stage.name,
        refusers: review.refused,
      });
      return out;
    }
    if (finishedNow && stage.statusClass === 'succeeded') {
      out.push({
        kind: 'review_passed',
        key: `${base}:passed`,
        stage: index,
        name: stage.name,
        approvers: review.passed,
      });
      return out;
    }
  } else if (stage.statusClass === 'active' && prev?.statusClass !== 'active') {
    out.push({ kind: 'stage_started', key: `${base}:started`, stage: index, name: stage.name });
  }
  if (finishedNow) {
    out.push({
      kind: 'stage_finished',
      key: `${base}:finished`,
      stage: index,
      name: stage.name,
      status: stage.status,
      durationMs: duration(stage.start, stage.end),
    });
  }
  return out;
}

/**
 * The milestones from `prev` (the last handled state of the same run, or `null`: nothing seen of this run) to
 * `next`, in the order they happened: stages in order, the run's result last.
 */
export function diffMilestones(prev: RunState | null, next: RunState): Milestone[] {
  const base = prev !== null && prev.runKey === next.runKey ? prev : null;
  const out: Milestone[] = [];
  for (let i = 0; i < next.stages.length; i += 1) out.push(...stageMilestones(i, base, next));
  if (next.finished && !(base?.finished && base.end === next.end)) {
    out.push({
      kind: 'run_finished',
      key: `run@${next.end ?? 'x'}:finished`,
      status: next.status,
      durationMs: duration(next.start, next.end),
      failedStage: next.failedStage === null ? null : (next.stages[next.failedStage]?.name ?? null),
    });
  }
  return out;
}

/** A failure: a stage that failed, a refused review, or a run that failed without a failed stage to show it. */
export function isFailure(m: Milestone): boolean {
  if (m.kind === 'review_refused') return true;
  if (m.kind === 'stage_finished') return classOf(m.status) === 'failed';
  if (m.kind === 'run_finished') return classOf(m.status) === 'failed' && m.failedStage === null;
  return false;
}

/**
 * What a filter lets through and what goes to the channel: `changes` everything, `failures` only failures and
 * the result, `all` everything with the result broadcast. Failures are always broadcast.
 */
export function planMilestones(milestones: readonly Milestone[], filter: WatchFilter): PlannedMilestone[] {
  const out: PlannedMilestone[] = [];
  for (const milestone of milestones) {
    const failure = isFailure(milestone);
    const final = milestone.kind === 'run_finished';
    if (filter === 'failures' && !failure && !final) continue;
    out.push({ milestone, broadcast: failure || (final && filter === 'all') });
  }
  return out;
}
